/// What may block an apply before its first write (DESIGN.md §3). A blocked apply writes
/// nothing, still prints the whole plan, and exits 3.
public struct ApplyGuards: Sendable {
    public var allowIrreversible: Bool
    /// Pinned chains that may be removed; 0 by default, so dropping a pin is always explicit.
    public var maxDeletes: Int

    public init(allowIrreversible: Bool = false, maxDeletes: Int = 0) {
        self.allowIrreversible = allowIrreversible
        self.maxDeletes = maxDeletes
    }

    /// Why the given (still to be done) actions may not run; empty when they may.
    public func blockers(plan: Plan, pending: [PlanAction]) -> [String] {
        var reasons = plan.conflicts.map { "conflict: \($0.resource): \($0.message)" }
        let irreversible = pending.filter(\.irreversible)
        if !irreversible.isEmpty, !allowIrreversible {
            reasons.append("\(irreversible.count) irreversible change\(irreversible.count == 1 ? "" : "s") (\(irreversible.map(\.resource).joined(separator: "; "))): pass --allow-irreversible to make \(irreversible.count == 1 ? "it" : "them")")
        }
        let deletes = pending.filter { $0.kind.effect == .delete }
        if deletes.count > maxDeletes {
            reasons.append("\(deletes.count) pinned chain\(deletes.count == 1 ? "" : "s") would be removed, more than --max-deletes \(maxDeletes): pass --max-deletes \(deletes.count) to allow it")
        }
        return reasons
    }
}
