import Foundation

/// What `drift --notify` posts to a webhook: counts, the names of what drifted and the plan
/// id, never a field's values, so a chat channel learns that something changed and where to
/// look, not what a card's limits or countries are. `text` is the one line Slack shows.
public struct DriftNotification: Hashable, Sendable, Encodable {
    /// `drift`, so one receiver can tell this from other senders' posts.
    public var event: String
    public var text: String
    public var planId: String
    public var userId: Int
    public var summary: Counts
    /// The resources apply would change, as plans name them (`card alice-travel (…8069 "Alice Travel")`).
    public var changed: [String]
    /// The resources bunq cannot bring back to the policy.
    public var conflicts: [String]
    /// Cards the policy does not cover; listed only when `unmanaged: error` makes them drift.
    public var unmanaged: [String]
    /// Rules live cards break, as `rule max-card-limit: card …8069 "Alice Travel"`: which rule
    /// and which card, not the value.
    public var ruleViolations: [String]

    public struct Counts: Hashable, Sendable, Encodable {
        public var create: Int
        public var update: Int
        public var delete: Int
        public var conflicts: Int
        public var unmanaged: Int
        public var ruleViolations: Int

        enum CodingKeys: String, CodingKey {
            case create, update, delete, conflicts, unmanaged
            case ruleViolations = "rule_violations"
        }
    }

    /// nil when the plan shows no drift: then nothing is posted.
    public init?(_ plan: Plan) {
        let unmanagedDrift = plan.unmanagedCardsAreDrift
        guard plan.isDrift || !plan.conflicts.isEmpty else { return nil }
        let summary = plan.summary
        event = "drift"
        planId = plan.planId
        userId = plan.userId
        self.summary = Counts(
            create: summary.create, update: summary.update, delete: summary.delete, conflicts: summary.conflicts,
            unmanaged: unmanagedDrift ? summary.unmanaged : 0, ruleViolations: summary.ruleViolations)
        changed = Self.distinct(plan.actions.map { Display.safe($0.resource) })
        conflicts = Self.distinct(plan.conflicts.map { Display.safe($0.resource) })
        unmanaged = unmanagedDrift ? plan.unmanaged.map { Self.unmanagedName($0) } : []
        ruleViolations = Self.distinct(plan.ruleViolations.map { "rule \(Display.safe($0.rule)): \(Self.cardName($0.resource))" })
        // The short id, as the drift output in the job's log heads the plan.
        text = Self.line(self.summary, planId: String(plan.planId.prefix(12)))
    }

    /// `cardpolicy drift: bunq no longer matches the policy (0 to add, 1 to change, 0 to remove; plan fffd7179332a)`.
    static func line(_ counts: Counts, planId: String) -> String {
        var parts = ["\(counts.create) to add", "\(counts.update) to change", "\(counts.delete) to remove"]
        if counts.conflicts > 0 { parts.append("\(counts.conflicts) conflict\(counts.conflicts == 1 ? "" : "s")") }
        if counts.unmanaged > 0 { parts.append("\(counts.unmanaged) card\(counts.unmanaged == 1 ? "" : "s") not covered") }
        if counts.ruleViolations > 0 {
            parts.append("\(counts.ruleViolations) live value\(counts.ruleViolations == 1 ? "" : "s") breaking a rule")
        }
        return "cardpolicy drift: bunq no longer matches the policy (\(parts.joined(separator: ", ")); plan \(planId))"
    }

    /// `card …4417 "Groceries"`: enough to find the card, without the limits the plan text shows.
    static func unmanagedName(_ card: UnmanagedCard) -> String {
        "card \(card.last4.map { "…\($0)" } ?? "#\(card.id)") \"\(Display.safe(card.secondLine))\""
    }

    /// `card …8069 "Alice Travel"` out of a resource name, without what follows it.
    static func cardName(_ resource: String) -> String {
        Display.safe(resource.components(separatedBy: " (not in the policy)")[0])
    }

    /// A card with a change and a generated-CVC2 change is one resource to a reader.
    private static func distinct(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// The exact bytes posted (and signed): keys sorted, so a receiver's logs diff cleanly.
    public func body() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }

    enum CodingKeys: String, CodingKey {
        case event, text, summary, changed, conflicts, unmanaged
        case ruleViolations = "rule_violations"
        case planId = "plan_id"
        case userId = "user_id"
    }
}
