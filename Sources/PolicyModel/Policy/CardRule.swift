/// One `rules` entry: an invariant that every card it matches must keep whatever a change
/// says, checked against the merged settings before anything is planned and against live
/// cards in drift.
public struct CardRule: Hashable, Sendable {
    public var name: String
    /// nil: every card (`match: all`, or no `match`). Otherwise the same selector as a card
    /// group's, but it also covers cards other users of the company hold: a rule only reads.
    public var match: CardGroupMatch?
    /// `max_limits.purchase`: the highest `card_limit` a matching card may have.
    public var maxPurchase: Located<PolicyAmount>?
    /// `max_limits.atm`: the highest `card_limit_atm`.
    public var maxATM: Located<PolicyAmount>?
    public var countries: Located<RuleCountries>?
    /// `require`: fields every matching card must have, by policy key.
    public var required: [Located<RequiredField>]
    public var cvc2: Located<CVC2Type>?
    /// `protect: true`: any change to a matching card needs `--allow-protected`.
    public var protect: Bool
    /// `max_until`: how many days ahead a country permission's `until` may be at most.
    public var maxUntilDays: Located<Int>?
    public var location: SourceLocation

    public init(name: String, match: CardGroupMatch? = nil, location: SourceLocation) {
        self.name = name
        self.match = match
        self.required = []
        self.protect = false
        self.location = location
    }

    /// `max-card-limit (rules.yaml:3:5)`: how errors name the rule.
    public var citation: String { "\(name) (\(location))" }

    static let keys = ["name", "match", "max_limits", "countries", "require", "cvc2", "protect", "max_until"]
    static let constraintKeys = ["max_limits", "countries", "require", "cvc2", "protect", "max_until"]
    /// The longest `max_until` a rule may give, in days: about 27 years, past any card's life.
    static let maxUntilLimit = 9_999
}

/// `countries:` in a rule: the countries no matching card may allow, or the only ones it may.
public enum RuleCountries: Hashable, Sendable {
    case deny([String])
    case allowOnly([String])

    static let keys = ["deny", "allow_only"]
}

/// A field `require` may name: one every card can have or lack.
public enum RequiredField: String, Hashable, Sendable, CaseIterable {
    case fallbackAccount = "fallback_account"
    case account
    case purchaseLimit = "limits.purchase"
    case atmLimit = "limits.atm"
    case countries

    /// How a missing value reads in an error: `no fallback account`.
    var missing: String {
        switch self {
        case .fallbackAccount: return "no fallback account"
        case .account: return "no account to pay from"
        case .purchaseLimit: return "no purchase limit"
        case .atmLimit: return "no ATM limit"
        case .countries: return "no allowed country"
        }
    }
}
