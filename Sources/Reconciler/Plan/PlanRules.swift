import PolicyModel

/// A policy rule as a plan reports it: which rule, where it is written, and how many cards
/// it was checked against, so a reviewer sees that a rule held rather than that it was skipped.
public struct CheckedRule: Hashable, Sendable, Codable {
    public var name: String
    public var source: SourceLocation
    /// The live cards the rule matched, managed by the policy or not.
    public var cards: Int

    public init(name: String, source: SourceLocation, cards: Int) {
        self.name = name
        self.source = source
        self.cards = cards
    }
}

/// A live value that breaks a rule and that the plan leaves as it is: set in the bank app, or
/// a field the policy does not set. Breaks a policy line causes are errors, never listed here.
public struct LiveRuleViolation: Hashable, Sendable, Codable {
    public var rule: String
    public var ruleSource: SourceLocation
    public var cardId: Int
    /// How a person names the card: `card alice-travel (…8069 "Alice Travel")`.
    public var resource: String
    /// The policy key of the value (`limits.purchase`, `countries`, `fallback_account`).
    public var field: String
    /// `purchase limit 8000.00 EUR breaks rule max-card-limit (rules.yaml:3:5): at most 5000.00 EUR`.
    public var message: String
    /// Whether the policy manages the card: then setting `field` there mends it.
    public var managed: Bool

    public init(rule: String, ruleSource: SourceLocation, cardId: Int, resource: String, field: String, message: String, managed: Bool) {
        self.rule = rule
        self.ruleSource = ruleSource
        self.cardId = cardId
        self.resource = resource
        self.field = field
        self.message = message
        self.managed = managed
    }

    enum CodingKeys: String, CodingKey {
        case rule, resource, field, message, managed
        case ruleSource = "rule_source"
        case cardId = "card_id"
    }
}
