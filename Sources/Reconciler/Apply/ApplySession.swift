import BunqAPI
import Foundation
import PolicyModel

/// One `apply` from start to end, fresh (plan now, then write) or saved (write a reviewed
/// plan): the order of reading bunq, settling what earlier runs left unanswered, planning,
/// asking the user and writing. Earlier attempts are settled once per run, against the same
/// read the writes are then checked against. The caller parses arguments and prints.
public struct ApplySession: Sendable {
    public let journal: Journal
    public let ledgerPath: String
    public let guards: ApplyGuards
    public let interruption: (any ApplyInterruption)?
    public let progress: @Sendable (String) -> Void

    public init(
        journal: Journal, ledgerPath: String, guards: ApplyGuards,
        interruption: (any ApplyInterruption)? = nil, progress: @escaping @Sendable (String) -> Void
    ) {
        self.journal = journal
        self.ledgerPath = ledgerPath
        self.guards = guards
        self.interruption = interruption
        self.progress = progress
    }

    func applier(_ client: BunqClient) -> Applier {
        Applier(
            client: client, journal: journal, ledgerPath: ledgerPath, guards: guards,
            interruption: interruption, progress: progress)
    }

    /// Plans `policy` against bunq now and applies it. `show` gets the plan before anything
    /// is written; `confirm` is asked only when a write would happen and no guard blocks it
    /// (it throws to cancel). A `PlanningFailure` (the policy does not fit bunq) is thrown.
    public func fresh(
        policy: Policy, client: BunqClient, cardpolicyVersion: String, batching: CardBatching = .standard,
        filter: ActionFilter = ActionFilter(), show: (Plan) -> Void, confirm: () throws -> Void
    ) async throws -> ApplyOutcome {
        let applier = applier(client)
        let live = try await LiveStateReader(client: client).read(.policy(policy))
        // Settling only teaches the ledger what was really sent, so the same snapshot is then
        // planned against the updated ledger: no second read is needed.
        try applier.settleEarlierAttempts(live: live)
        let plan = try Planner.plan(
            policy: policy, live: live, ledger: try Ledger.load(path: ledgerPath),
            cardpolicyVersion: cardpolicyVersion, batching: batching, filter: filter)
        show(plan)
        guard plan.hasChanges || !plan.conflicts.isEmpty else { return .nothingToDo }
        if plan.hasChanges { progress("Estimated time under bunq's rate limits: \(plan.applyEstimate(estateSize: live.cards.count)).") }
        if try applier.blockers(plan, pending: plan.actions).isEmpty { try confirm() }
        return try await applier.applySettled(plan, live: live, savedPlan: false)
    }

    /// Applies a saved plan, which was reviewed when it was made: no question is asked, but
    /// the API key must be the plan's user and the live fields it was planned from must be
    /// unchanged. `connect` is called only when the plan has something to do.
    /// With a `filter`, only the actions it selects are sent; the cards of a batch it splits
    /// go as their own PUTs, since the reviewed batch request carries the others too.
    public func saved(
        _ plan: Plan, filter: ActionFilter = ActionFilter(), show: (Plan) -> Void,
        connect: () async throws -> BunqClient
    ) async throws -> ApplyOutcome {
        var shown = plan
        var only: Set<String>?
        if !filter.isEmpty {
            shown.actions = try filter.select(savedPlan: plan)
            let kept = Set(shown.actions.map(\.id))
            shown.cardBatches = plan.cardBatches.filter { $0.actionIds.allSatisfy(kept.contains) }
            shown.targeting = PlanTargeting(targets: filter.targets, excludes: filter.excludes, actionsLeftOut: plan.actions.count - kept.count)
            only = kept
        }
        guard shown.hasChanges || !plan.conflicts.isEmpty else {
            show(shown)
            return .nothingToDo
        }
        let client = try await connect()
        let userId = try await client.userId()
        guard userId == plan.userId else {
            throw ApplyError("the saved plan is for bunq user \(plan.userId), but this API key is user \(userId)")
        }
        let live = try await LiveStateReader(client: client).read(.actions(of: plan))
        // Decided from bunq, not the journal, which may be gone (another machine, a new CI runner):
        // the plan is not printed again, since none of it will be sent.
        if plan.conflicts.isEmpty, shown.actions.allSatisfy({ Self.isHeld($0, in: live) }) {
            try applier(client).settleEarlierAttempts(live: live)
            return .alreadyApplied
        }
        show(shown)
        progress("Estimated time under bunq's rate limits: \(shown.applyEstimate(estateSize: live.cards.count)).")
        return try await applier(client).apply(plan, live: live, savedPlan: true, only: only)
    }

    /// bunq holds what the action asks for, and the action's target is no longer as it was
    /// planned: a change bunq cannot show (a country's expiry) looks held before it was ever
    /// sent, but then its target is still in the planned state, so it is not taken as done.
    static func isHeld(_ action: PlanAction, in live: LiveState) -> Bool {
        guard let current = action.currentDigest(in: live), current != action.liveDigest else { return false }
        return ActionVerification.mismatches(action, in: live).isEmpty
    }
}
