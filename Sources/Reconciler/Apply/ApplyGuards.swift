/// What may block an apply before its first write. A blocked apply writes
/// nothing, still prints the whole plan, and exits 3.
public struct ApplyGuards: Sendable {
    public var allowIrreversible: Bool
    /// Allows name changes on physical cards, after which bunq may print a new card.
    public var allowReprint: Bool
    /// Allows changes to cards a `protect` rule of the policy covers.
    public var allowProtected: Bool
    /// Pinned chains that may be removed without a replacement; 0 by default, so dropping a
    /// pin is always explicit. Rotating a chain is not a removal.
    public var maxDeletes: Int
    /// How many managed cards one apply may change (`--max-changes`).
    public var maxChanges: ChangeThreshold

    public init(
        allowIrreversible: Bool = false, maxDeletes: Int = 0, allowReprint: Bool = false, allowProtected: Bool = false,
        maxChanges: ChangeThreshold = .standard
    ) {
        self.allowIrreversible = allowIrreversible
        self.allowReprint = allowReprint
        self.allowProtected = allowProtected
        self.maxDeletes = maxDeletes
        self.maxChanges = maxChanges
    }

    /// Why the given (still to be done) actions may not run; empty when they may.
    /// `finishedRotations`: unpins that complete a rotation an earlier apply began.
    public func blockers(plan: Plan, pending: [PlanAction], finishedRotations: Int = 0) -> [String] {
        var reasons = plan.conflicts.map { "conflict: \($0.resource): \($0.message)" }
        let irreversible = pending.filter(\.irreversible)
        if !irreversible.isEmpty, !allowIrreversible {
            reasons.append(
                "\(irreversible.count) irreversible change\(irreversible.count == 1 ? "" : "s") (\(irreversible.map(\.resource).joined(separator: "; "))): pass --allow-irreversible to make \(irreversible.count == 1 ? "it" : "them")"
            )
        }
        let reprints = pending.filter(\.mayReprint)
        if !reprints.isEmpty, !allowReprint {
            reasons.append(
                "\(reprints.count) name change\(reprints.count == 1 ? "" : "s") on a physical card, which bunq may answer by printing a new card (\(reprints.map(\.resource).joined(separator: "; "))): pass --allow-reprint to make \(reprints.count == 1 ? "it" : "them")"
            )
        }
        let guarded = pending.filter(\.isProtected)
        if !guarded.isEmpty, !allowProtected {
            let rules = Array(Set(guarded.flatMap { $0.protectedBy ?? [] })).sorted()
            // A card's PUT and its CVC2 write are two changes to one card, named once.
            var cards: [String] = []
            for action in guarded where !cards.contains(action.resource) { cards.append(action.resource) }
            reasons.append(
                "\(guarded.count) change\(guarded.count == 1 ? "" : "s") to cards protected by rule\(rules.count == 1 ? "" : "s") \(rules.joined(separator: ", ")) (\(cards.joined(separator: "; "))): pass --allow-protected to make \(guarded.count == 1 ? "it" : "them")"
            )
        }
        // Counted over the whole plan, so a resumed rotation whose new chain is already
        // pinned is still a rotation; bounded by what is left to delete.
        let removals = min(max(0, plan.removals - finishedRotations), pending.filter { $0.kind.effect == .delete }.count)
        if removals > maxDeletes {
            reasons.append(
                "\(removals) pinned chain\(removals == 1 ? "" : "s") would be removed without a replacement, more than --max-deletes \(maxDeletes): pass --max-deletes \(removals) to allow it"
            )
        }
        let changed = Set(pending.compactMap(\.target.cardId)).count
        if let bulk = maxChanges.blocker(changed: changed, managed: plan.managedCards) { reasons.append(bulk) }
        return reasons
    }
}
