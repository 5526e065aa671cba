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

/// One way a card breaks a rule.
public struct RuleBreak: Hashable, Sendable {
    public var rule: String
    public var ruleLocation: SourceLocation
    /// The policy key of the value (`limits.purchase`, `countries`).
    public var field: String
    /// `purchase limit 8000.00 EUR breaks rule max-card-limit (rules.yaml:3:5): at most 5000.00 EUR`.
    public var message: String
    /// The policy line that causes it; nil when the value is the live card's.
    public var location: SourceLocation?
}

extension CardRule {
    /// Everything about `subject` this rule forbids, in the order of the rule's keys.
    public func breaks(_ subject: RuleSubject, now: Date) -> [RuleBreak] {
        var found: [RuleBreak] = []
        func add(_ field: String, _ what: String, _ why: String, at location: SourceLocation?) {
            found.append(
                RuleBreak(rule: name, ruleLocation: self.location, field: field, message: "\(what) breaks rule \(citation): \(why)", location: location))
        }
        for (field, what, maximum, value) in [
            ("limits.purchase", "purchase limit", maxPurchase, subject.purchaseLimit),
            ("limits.atm", "ATM limit", maxATM, subject.atmLimit)
        ] {
            guard let maximum, let value, let amount = value.value else { continue }
            if amount.currency != maximum.value.currency {
                add(field, "\(what) \(amount)", "at most \(maximum.value), and a limit in \(amount.currency) cannot be compared with it", at: value.location)
            } else if amount.value > maximum.value.value {
                add(field, "\(what) \(amount)", "at most \(maximum.value)", at: value.location)
            }
        }
        if let rule = countries?.value, let list = subject.countries {
            for country in list.value {
                switch rule {
                case .deny(let denied) where denied.contains(country.country):
                    add("countries", "country \(country.country)", "it denies \(denied.joined(separator: ", "))", at: country.location ?? list.location)
                case .allowOnly(let allowed) where !allowed.contains(country.country):
                    add("countries", "country \(country.country)", "it allows only \(allowed.joined(separator: ", "))", at: country.location ?? list.location)
                default:
                    break
                }
            }
        }
        for required in self.required {
            let has: RuleSubject.Field<Bool>?
            switch required.value {
            case .fallbackAccount: has = subject.fallbackAccount
            case .account: has = subject.account
            case .purchaseLimit: has = subject.purchaseLimit.map { .init($0.value != nil, at: $0.location) }
            case .atmLimit: has = subject.atmLimit.map { .init($0.value != nil, at: $0.location) }
            case .countries: has = subject.countries.map { .init(!$0.value.isEmpty, at: $0.location) }
            }
            guard let has, !has.value else { continue }
            add(required.value.rawValue, required.value.missing, "it requires `\(required.value.rawValue)`", at: has.location)
        }
        if let wanted = cvc2, let value = subject.cvc2, value.value != wanted.value {
            add("cvc2", "cvc2 \(value.value.rawValue)", "it requires \(wanted.value.rawValue)", at: value.location)
        }
        if let days = maxUntilDays?.value, let list = subject.countries {
            let latest = Self.latestUntil(days: days, now: now)
            for country in list.value {
                guard let until = country.until, until > latest.date else { continue }
                add(
                    "countries", "\(country.country) until \(country.untilText ?? Expiry.instant(until).description)",
                    "a permission may last at most \(days) days (until \(latest.text))", at: country.location ?? list.location)
            }
        }
        return found
    }

    /// The end (UTC) of the day `days` after today: a permission until that date is allowed.
    static func latestUntil(days: Int, now: Date) -> (date: Date, text: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let day = calendar.dateComponents([.year, .month, .day], from: now.addingTimeInterval(TimeInterval(days) * 86_400))
        let end = Expiry.endOfDay(year: day.year!, month: day.month!, day: day.day!)
        return (end.date, end.description)
    }
}
