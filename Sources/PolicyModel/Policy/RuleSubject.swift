import Foundation

/// The values of one card that rules are checked against. Each says where the policy set it,
/// or has no location when it is bunq's (a field the policy leaves alone); a field that is
/// nil is not known and not checked (when validating, a card's live values are unknown).
public struct RuleSubject: Sendable {
    public struct Field<Value: Sendable>: Sendable {
        public var value: Value
        /// The policy line that sets the value; nil when it is the live card's.
        public var location: SourceLocation?

        public init(_ value: Value, at location: SourceLocation?) {
            self.value = value
            self.location = location
        }
    }

    /// One allowed country, with its `until` when it has one.
    public struct Country: Sendable {
        public var country: String
        public var until: Date?
        /// How the policy wrote it (`2026-12-31`), for errors.
        public var untilText: String?
        public var location: SourceLocation?

        public init(country: String, until: Date? = nil, untilText: String? = nil, location: SourceLocation? = nil) {
            self.country = country
            self.until = until
            self.untilText = untilText
            self.location = location
        }
    }

    /// The inner nil: the card has no limit.
    public var purchaseLimit: Field<PolicyAmount?>?
    public var atmLimit: Field<PolicyAmount?>?
    public var countries: Field<[Country]>?
    /// Whether the card has a fallback account.
    public var fallbackAccount: Field<Bool>?
    /// Whether the card has an account it pays from (the PRIMARY `pin_code_assignment`).
    public var account: Field<Bool>?
    public var cvc2: Field<CVC2Type>?

    public init() {}

    /// What a card entry or a group sets, located; everything it leaves alone is unknown.
    public init(settings: CardSettings, now: Date) {
        purchaseLimit = settings.purchaseLimit.map { Field($0.value, at: $0.location) }
        atmLimit = settings.atmLimit.map { Field($0.value, at: $0.location) }
        countries = settings.countries.map { list in
            // A permission whose `until` passed is not sent, so it allows nothing.
            let active = list.value.filter { $0.isActive(at: now) }
            return Field(
                active.map { Country(country: $0.country, until: $0.expiry?.date, untilText: $0.expiry?.description, location: $0.location) },
                at: list.location)
        }
        fallbackAccount = settings.fallbackAccount.map { Field($0.value != .none, at: $0.location) }
        if let account = settings.account, account.value.accounts[.primary] != nil {
            self.account = Field(true, at: account.location)
        }
        cvc2 = settings.cvc2.map { Field($0.value, at: $0.location) }
    }
}
