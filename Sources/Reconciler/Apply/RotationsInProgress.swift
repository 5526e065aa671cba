import Foundation

/// Pinned-chain deletes that finish a rotation an earlier apply began: that apply pinned the
/// new chains (the journal confirms them) and stopped before unpinning the old ones. A fresh
/// plan then sees only the unpins, which look like removals; they are the rest of a change
/// that already left callbacks pinned, so `--max-deletes` does not count them again.
enum RotationsInProgress {
    static func count(for plan: Plan, entries: [JournalEntry], archive: PlanArchive) -> Int {
        let history = JournalHistory(entries)
        let unpins = Set(plan.actions.filter { $0.kind == .unpinCertificateChain }.map(\.id))
        guard !unpins.isEmpty else { return 0 }
        var seen = Set<String>()
        let earlierPlans = entries.map(\.planId).filter { $0 != plan.planId && seen.insert($0).inserted }
        var count = 0
        for planId in earlierPlans {
            guard let earlier = try? archive.load(planId: planId) else { continue }
            func confirmed(_ action: PlanAction) -> Bool { history.confirmed.contains(JournalHistory.key(planId, action.id)) }
            let pins = earlier.actions.filter { $0.kind == .pinCertificateChain }
            let earlierUnpins = earlier.actions.filter { $0.kind == .unpinCertificateChain }
            guard !pins.isEmpty, pins.allSatisfy(confirmed) else { continue }
            // Of the earlier plan's unpins, as many as it pinned replacements were rotations.
            let rotationsLeft = min(pins.count, earlierUnpins.count) - earlierUnpins.filter(confirmed).count
            let stillPlanned = earlierUnpins.filter { !confirmed($0) && unpins.contains($0.id) }.count
            count += max(0, min(rotationsLeft, stillPlanned))
        }
        return min(count, unpins.count)
    }
}
