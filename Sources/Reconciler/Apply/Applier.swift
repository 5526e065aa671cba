import BunqAPI
import Foundation
import PolicyModel

/// Executes a plan's requests exactly, guarded, journaled and resumable: every write carries
/// a request id derived from the plan, is journaled before it is sent, and is settled by
/// re-reading bunq whenever its answer is unclear.
public struct Applier: Sendable {
    public let client: BunqClient
    public let journal: Journal
    public let ledgerPath: String
    public let guards: ApplyGuards
    public let progress: @Sendable (String) -> Void
    /// Asked between writes whether to stop; nil never stops.
    public let interruption: (any ApplyInterruption)?

    public init(
        client: BunqClient, journal: Journal, ledgerPath: String, guards: ApplyGuards,
        interruption: (any ApplyInterruption)? = nil, progress: @escaping @Sendable (String) -> Void
    ) {
        self.client = client
        self.journal = journal
        self.ledgerPath = ledgerPath
        self.guards = guards
        self.interruption = interruption
        self.progress = progress
    }

    var archive: PlanArchive { PlanArchive(besideJournal: journal.path) }

    /// Fails, naming each, when the journal, the ledger or the plan archive cannot be written:
    /// then nothing may be sent, because what bunq did could not be recorded.
    public func checkStateFiles() throws {
        let problems = StateFileCheck.problems(journal: journal.path, ledger: ledgerPath, archive: archive.directory)
        guard problems.isEmpty else {
            throw ApplyError("cannot record an apply, so nothing was sent to bunq:\n" + problems.map { "  - \($0)" }.joined(separator: "\n"))
        }
    }

    /// Settles writes of earlier runs whose answers never arrived: each one bunq now holds is
    /// confirmed (and its write-only values go to the ledger). Run it before planning, so a
    /// fresh plan is made from a ledger that knows what was really sent.
    public func settleEarlierAttempts(live: LiveState) throws {
        let history = JournalHistory(try journal.entries())
        var settled: [(PlanAction, planId: String)] = []
        for (key, unsettled) in history.unsettled.sorted(by: { $0.key < $1.key }) {
            guard let plan = try? archive.load(planId: unsettled.last.planId),
                let action = plan.actions.first(where: { JournalHistory.key(plan.planId, $0.id) == key }),
                canVerify(action, live), ActionVerification.mismatches(action, in: live).isEmpty
            else { continue }
            settled.append((action, plan.planId))
        }
        guard !settled.isEmpty else { return }
        try checkStateFiles()
        var ledger = try Ledger.load(path: ledgerPath)
        for (action, _) in settled { if let entry = action.ledger { ledger.record(entry, at: Date()) } }
        // The ledger first: a confirmation journaled before it is saved would, if the save
        // failed, leave the write-only values unknown and make the next plan send them again.
        try ledger.save(path: ledgerPath)
        for (action, planId) in settled {
            try journalConfirmation(action, planId: planId, detail: "settled: bunq holds what the unanswered attempt asked for")
        }
    }

    /// What stops `pending` (of `plan`) from being applied now, the journal considered.
    public func blockers(_ plan: Plan, pending: [PlanAction]) throws -> [String] {
        let rotations = RotationsInProgress.count(for: plan, entries: try journal.entries(), archive: archive)
        return guards.blockers(plan: plan, pending: pending, finishedRotations: rotations)
    }

    /// Settles earlier attempts against `live`, then applies `plan`, or of it only the actions
    /// `only` names (a saved plan applied with `--target`: its id, and so its request ids,
    /// stay those of the plan that was reviewed).
    public func apply(_ plan: Plan, live: LiveState, savedPlan: Bool, only: Set<String>? = nil) async throws -> ApplyOutcome {
        try settleEarlierAttempts(live: live)
        return try await applySettled(plan, live: live, savedPlan: savedPlan, only: only)
    }

    /// Applies `plan` once earlier attempts were settled against the same `live` read.
    func applySettled(_ plan: Plan, live: LiveState, savedPlan: Bool, only: Set<String>? = nil) async throws -> ApplyOutcome {
        let started = Date()
        let history = JournalHistory(try journal.entries())
        var run = ApplyRun()
        var pending: [PlanAction] = []
        for action in plan.actions where only?.contains(action.id) ?? true {
            // Skipped: what an earlier run of this plan did and bunq still shows (its fields moved
            // on from the plan's). A plan id is a digest of the actions, so when someone undoes
            // a change in the app the same plan comes back, journal-confirmed but needed again.
            if history.confirmed.contains(JournalHistory.key(plan.planId, action.id)), action.currentDigest(in: live) != action.liveDigest {
                run.report.skipped.append(action.id)
            } else {
                pending.append(action)
            }
        }
        if savedPlan {
            let stale = pending.filter { action in
                // An action sent before without an answer may have changed its own fields.
                history.unsettled[JournalHistory.key(plan.planId, action.id)] == nil && action.currentDigest(in: live) != action.liveDigest
            }
            // A card's limit and CVC2 actions share its name: say it once.
            var named = Set<String>()
            let resources = stale.map(\.resource).filter { named.insert($0).inserted }
            if !stale.isEmpty { return .stale(resources.map { "\($0): its live fields changed since the plan was made" }) }
        }
        // Guards judge what is sent, with what this plan already did: unpinning a chain
        // without the targeted-out pin that replaces it is a removal, though the whole plan rotates.
        var guarded = plan
        if let only {
            guarded.actions = plan.actions.filter { only.contains($0.id) || history.confirmed.contains(JournalHistory.key(plan.planId, $0.id)) }
        }
        let blockers = try self.blockers(guarded, pending: pending)
        if !blockers.isEmpty { return .blocked(blockers) }
        if pending.isEmpty { return .nothingToDo }

        try checkStateFiles()
        try archive.save(plan)
        run.ledger = try Ledger.load(path: ledgerPath)
        run.total = pending.count
        let observer = AttemptJournal(journal: journal, planId: plan.planId)
        await client.observeAttempts { observer.record($0) }
        defer { Task { [client] in await client.observeAttempts(nil) } }
        interruption?.writesBegin()
        defer { interruption?.writesEnd() }

        let steps = ApplyStep.schedule(plan, pending: pending, history: history)
        var batchesRefused = false
        for (index, step) in steps.enumerated() {
            let later = Array(steps[(index + 1)...])
            var singles = step.actions
            if case .batch(let batch, let members) = step, !batchesRefused {
                if interruption?.isRequested == true { return run.interrupted(left: steps[index...].flatMap(\.actions), since: started) }
                do {
                    let sent = try await send(batch, members: members, plan: plan, estateSize: live.cards.count, observer: observer, run: &run)
                    batchesRefused = sent.endpointRefused
                    singles = sent.leftover
                    progress(run.progressLine(batch, members: members, sent: sent, later: later))
                } catch {
                    // Sent, then no record of what bunq did: the re-run reads it back.
                    run.report.unsettled += members.map(\.id)
                    run.report.left = later.flatMap(\.actions).map(\.id)
                    run.report.seconds = Date().timeIntervalSince(started)
                    return .partlyApplied(run.report, failure: "\(batch.id) (\(members.count) cards): \(error)")
                }
            }
            for (offset, action) in singles.enumerated() {
                let left = singles[(offset + 1)...].map(ApplyStep.single) + later
                if let end = try await runSingle(action, plan: plan, history: history, observer: observer, run: &run, left: left, started: started) {
                    return end
                }
            }
        }

        let after = try await LiveStateReader(client: client).read(.actions(of: plan))
        var mismatches: [String] = []
        for action in pending {
            let fields = ActionVerification.mismatches(action, in: after)
            if !fields.isEmpty { mismatches.append("\(action.resource): bunq does not show \(fields.joined(separator: ", ")) as planned") }
        }
        run.report.seconds = Date().timeIntervalSince(started)
        return mismatches.isEmpty ? .applied(run.report) : .verificationFailed(run.report, mismatches: mismatches)
    }

    /// One action as a request of its own; an outcome when the apply must end here.
    private func runSingle(
        _ action: PlanAction, plan: Plan, history: JournalHistory, observer: AttemptJournal, run: inout ApplyRun,
        left: [ApplyStep], started: Date
    ) async throws -> ApplyOutcome? {
        if interruption?.isRequested == true { return run.interrupted(left: [action] + left.flatMap(\.actions), since: started) }
        observer.current = action.id
        let key = JournalHistory.key(plan.planId, action.id)
        // An unanswered attempt is re-sent with its own id; otherwise ids used before are
        // spent. A card batch's id is never the PUT's, so after one the PUT starts afresh.
        let own = RequestIds.base(planId: plan.planId, action: action.id)
        let resent = history.unsettled[key]?.highestRequestId.flatMap { $0.hasPrefix(own) ? RequestIds.attempt($0) : nil }
        let attempt = resent ?? ((history.highestAttempt[key] ?? 0) + 1)
        do {
            let result = try await execute(action, plan: plan, firstAttempt: attempt, mayBeUsed: resent != nil, ledger: &run.ledger)
            run.report.done.append(action.id)
            run.started += 1
            run.sent[PacingEstimate.bucket(action), default: 0] += 1
            let eta = left.isEmpty ? "" : ", \(PacingEstimate.describe(PacingEstimate.seconds(for: left, sent: run.sent))) to go"
            let remaining = left.reduce(0) { $0 + $1.actions.count }
            progress(
                "[\(run.started)/\(run.total)] \(action.resource): \(action.request.method) \(action.request.path) → \(result)"
                    + " · \(remaining) left\(eta)")
            return nil
        } catch let failure as UnrecordedWrite {
            // bunq has it; only the record is missing, and a re-run settles that from bunq.
            run.report.done.append(action.id)
            run.report.left = left.flatMap(\.actions).map(\.id)
            run.report.seconds = Date().timeIntervalSince(started)
            return .partlyApplied(run.report, failure: "\(action.resource): \(failure)")
        } catch {
            run.report.left = left.flatMap(\.actions).map(\.id)
            run.report.seconds = Date().timeIntervalSince(started)
            let failure = "\(action.resource): \(error)"
            // Nothing changed only when bunq refused every attempt of the first action.
            if observer.mayHaveTakenEffect(action.id) {
                run.report.unsettled.append(action.id)
                return .partlyApplied(run.report, failure: failure)
            }
            return run.report.done.isEmpty ? .failed(failure) : .partlyApplied(run.report, failure: failure)
        }
    }

    /// Sends one action until bunq has it: the same id after an ambiguous failure, a new
    /// attempt only once a re-read shows the earlier one did not take effect.
    private func execute(
        _ action: PlanAction, plan: Plan, firstAttempt: Int, mayBeUsed: Bool,
        ledger: inout Ledger
    ) async throws -> String {
        let base = RequestIds.base(planId: plan.planId, action: action.id)
        var identity = RequestIdentity(base: base, attempt: max(1, firstAttempt))
        var identityMayBeUsed = mayBeUsed
        let body = action.request.body.map { Array($0.utf8) }
        for _ in 0..<4 {
            try journal.append(
                JournalEntry(
                    time: Journal.now(), event: .sending, planId: plan.planId, action: action.id,
                    requestId: identity.headerValue, method: action.request.method, path: action.request.path,
                    bodySHA256: action.request.body.map(Digest.sha256), ledger: action.ledger))
            let result = try await client.sendPlannedWrite(
                method: action.request.method, path: action.request.path,
                body: body, requestId: identity, requestIdMayBeUsed: identityMayBeUsed)
            switch result {
            case .applied(let answer, let receipt):
                try record(
                    action, planId: plan.planId, detail: "answered \(answer.status)", responseId: receipt.responseId,
                    requestId: receipt.identity.headerValue, ledger: &ledger)
                return "\(answer.status)"
            case .refusedRepeat(let receipt, let refusal):
                // The id may have been used before: whether that attempt was carried out is
                // settled by what bunq now holds, never by the words of the refusal.
                let live = try await LiveStateReader(client: client).read(
                    .actions(
                        of: Plan(
                            planId: plan.planId, createdAt: plan.createdAt, cardpolicyVersion: plan.cardpolicyVersion,
                            userId: plan.userId, actions: [action], conflicts: [], notes: [])))
                if ActionVerification.mismatches(action, in: live).isEmpty {
                    try record(
                        action, planId: plan.planId,
                        detail: "bunq refused the repeated request id (\(refusal.status)) and holds the change",
                        responseId: refusal.responseId, requestId: receipt.identity.headerValue, ledger: &ledger)
                    return "already done"
                }
                try journal.append(
                    JournalEntry(
                        time: Journal.now(), event: .abandoned, planId: plan.planId, action: action.id,
                        requestId: receipt.identity.headerValue, status: refusal.status,
                        responseId: refusal.responseId,
                        detail: "bunq refused the repeated request id (\(refusal.status)) and does not hold the change; new attempt"))
                identity = receipt.identity.nextAttempt()
                identityMayBeUsed = false
            }
        }
        throw ApplyError("bunq kept refusing the requests of \(action.id) without holding the change")
    }

    /// Records a write bunq holds: the ledger, then the journal's confirmation. A failure
    /// here is an `UnrecordedWrite`: the change is made, only its record is missing.
    private func record(
        _ action: PlanAction, planId: String, detail: String, responseId: String?,
        requestId: String, ledger: inout Ledger
    ) throws {
        do {
            if let entry = action.ledger { ledger.record(entry, at: Date()) }
            try ledger.save(path: ledgerPath)
            try journalConfirmation(action, planId: planId, detail: detail, responseId: responseId, requestId: requestId)
        } catch {
            throw UnrecordedWrite(reason: "\(error)")
        }
    }

    private func journalConfirmation(
        _ action: PlanAction, planId: String, detail: String, responseId: String? = nil,
        requestId: String? = nil
    ) throws {
        try journal.append(
            JournalEntry(
                time: Journal.now(), event: .confirmed, planId: planId, action: action.id,
                requestId: requestId, method: action.request.method, path: action.request.path,
                responseId: responseId, detail: detail, ledger: action.ledger))
    }

    /// Only actions whose target was read can be judged from this snapshot.
    private func canVerify(_ action: PlanAction, _ live: LiveState) -> Bool {
        switch action.target {
        case .card(let id), .generatedCvc2(let id, _): return live.cards.contains { $0.id == id }
        case .pinnedChains, .pinnedChain: return live.pinnedChains != nil
        case .notifications(let scope): return live.filters(for: scope) != nil
        }
    }
}

/// bunq carried out a write, but cardpolicy could not record it (ledger or journal).
struct UnrecordedWrite: Error, CustomStringConvertible {
    let reason: String
    var description: String { "bunq made the change, but it could not be recorded: \(reason)" }
}
