/// One step of an apply: an action's own request, or a card batch carrying several.
enum ApplyStep {
    case single(PlanAction)
    case batch(PlannedCardBatch, members: [PlanAction])

    var actions: [PlanAction] {
        switch self {
        case .single(let action): return [action]
        case .batch(_, let members): return members
        }
    }

    /// The steps for the actions still to do, in the plan's order. A batch goes out only as
    /// planned and only once: with every card it carries still to do, none of them sent
    /// before by this plan, and the batch itself never sent. Otherwise its cards go as PUTs,
    /// so a resumed apply never re-sends a batch whose fate it had to read from bunq.
    static func schedule(_ plan: Plan, pending: [PlanAction], history: JournalHistory) -> [ApplyStep] {
        let batchOf = plan.batchOfAction
        let pendingIds = Set(pending.map(\.id))
        var steps: [ApplyStep] = []
        var scheduled = Set<String>()
        for action in pending {
            guard let batch = batchOf[action.id] else {
                steps.append(.single(action))
                continue
            }
            guard scheduled.insert(batch.id).inserted else { continue }
            let members = pending.filter { batchOf[$0.id]?.id == batch.id }
            let untouched =
                batch.actionIds.allSatisfy(pendingIds.contains)
                && ([batch.id] + batch.actionIds).allSatisfy { history.highestAttempt[JournalHistory.key(plan.planId, $0)] == nil }
            steps += untouched ? [.batch(batch, members: members)] : members.map(ApplyStep.single)
        }
        return steps
    }
}
