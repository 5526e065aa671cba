import BunqAPI
import Foundation
import PolicyModel

/// How an apply ended.
public enum ApplyOutcome: Sendable {
    /// Every action was already done (by this plan's earlier runs) or there was nothing to do.
    case nothingToDo
    /// A guard stopped it before the first write; nothing was written.
    case blocked([String])
    /// A saved plan's live fields changed since it was made; nothing was written.
    case stale([String])
    /// Everything written and read back as planned.
    case applied(ApplyReport)
    /// Some writes were done, then one failed; a re-run resumes.
    case partlyApplied(ApplyReport, failure: String)
    /// A write failed before anything was done.
    case failed(String)
    /// The writes were made but bunq does not show what they asked for.
    case verificationFailed(ApplyReport, mismatches: [String])
}

/// What an apply did.
public struct ApplyReport: Sendable {
    public var done: [String] = []
    public var skipped: [String] = []
    public var seconds: Double = 0
}

/// Executes a plan's requests exactly, guarded, journaled and resumable (DESIGN.md §3–§4).
public struct Applier: Sendable {
    public let client: BunqClient
    public let journal: Journal
    public let ledgerPath: String
    public let guards: ApplyGuards
    public let progress: @Sendable (String) -> Void

    public init(client: BunqClient, journal: Journal, ledgerPath: String, guards: ApplyGuards,
                progress: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.journal = journal
        self.ledgerPath = ledgerPath
        self.guards = guards
        self.progress = progress
    }

    var archive: PlanArchive { PlanArchive(directory: ((journal.path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("plans")) }

    /// Settles writes of earlier runs whose answers never arrived: each one bunq now holds is
    /// confirmed (and its write-only values go to the ledger). Run it before planning, so a
    /// fresh plan is made from a ledger that knows what was really sent.
    public func settleEarlierAttempts(live: LiveState) throws {
        let history = JournalHistory(try journal.entries())
        var ledger = try Ledger.load(path: ledgerPath)
        var changed = false
        for (key, unsettled) in history.unsettled.sorted(by: { $0.key < $1.key }) {
            guard let plan = try? archive.load(planId: unsettled.last.planId),
                  let action = plan.actions.first(where: { JournalHistory.key(plan.planId, $0.id) == key }),
                  canVerify(action, live), ActionVerification.mismatches(action, in: live).isEmpty else { continue }
            try confirm(action, planId: plan.planId, detail: "settled: bunq holds what the unanswered attempt asked for", ledger: &ledger)
            changed = true
        }
        if changed { try ledger.save(path: ledgerPath) }
    }

    /// What stops `pending` (of `plan`) from being applied now, the journal considered.
    public func blockers(_ plan: Plan, pending: [PlanAction]) throws -> [String] {
        let rotations = RotationsInProgress.count(for: plan, entries: try journal.entries(), archive: archive)
        return guards.blockers(plan: plan, pending: pending, finishedRotations: rotations)
    }

    public func apply(_ plan: Plan, live: LiveState, savedPlan: Bool) async throws -> ApplyOutcome {
        let started = Date()
        try settleEarlierAttempts(live: live)
        let history = JournalHistory(try journal.entries())
        var report = ApplyReport()
        var pending: [PlanAction] = []
        for action in plan.actions {
            // Skipped: what an earlier run of this plan did and bunq still shows (its fields moved
            // on from the plan's). A plan id is a digest of the actions, so when someone undoes
            // a change in the app the same plan comes back, journal-confirmed but needed again.
            if history.confirmed.contains(JournalHistory.key(plan.planId, action.id)), action.currentDigest(in: live) != action.liveDigest {
                report.skipped.append(action.id)
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
        let blockers = try self.blockers(plan, pending: pending)
        if !blockers.isEmpty { return .blocked(blockers) }
        if pending.isEmpty { return .nothingToDo }

        try archive.save(plan)
        var ledger = try Ledger.load(path: ledgerPath)
        let observer = AttemptJournal(journal: journal, planId: plan.planId)
        await client.observeAttempts { observer.record($0) }
        defer { Task { [client] in await client.observeAttempts(nil) } }

        for (index, action) in pending.enumerated() {
            observer.current = action.id
            let key = JournalHistory.key(plan.planId, action.id)
            // An unanswered attempt is re-sent with its own id; otherwise ids used before are spent.
            let attempt = history.unsettled[key]?.highestRequestId.map(RequestIds.attempt) ?? ((history.highestAttempt[key] ?? 0) + 1)
            do {
                let result = try await execute(action, plan: plan, firstAttempt: attempt, ledger: &ledger)
                report.done.append(action.id)
                let left = Array(pending[(index + 1)...])
                let eta = left.isEmpty ? "" : ", \(PacingEstimate.describe(PacingEstimate.seconds(for: left))) to go"
                progress("[\(index + 1)/\(pending.count)] \(action.resource): \(action.request.method) \(action.request.path) → \(result)"
                         + " · \(left.count) left\(eta)")
            } catch {
                report.seconds = Date().timeIntervalSince(started)
                let failure = "\(action.resource): \(error)"
                return report.done.isEmpty ? .failed(failure) : .partlyApplied(report, failure: failure)
            }
        }

        let after = try await LiveStateReader(client: client).read(.actions(of: plan))
        var mismatches: [String] = []
        for action in pending {
            let fields = ActionVerification.mismatches(action, in: after)
            if !fields.isEmpty { mismatches.append("\(action.resource): bunq does not show \(fields.joined(separator: ", ")) as planned") }
        }
        report.seconds = Date().timeIntervalSince(started)
        return mismatches.isEmpty ? .applied(report) : .verificationFailed(report, mismatches: mismatches)
    }

    /// Sends one action until bunq has it: the same id after an ambiguous failure, a new
    /// attempt only once a re-read shows the earlier one did not take effect.
    private func execute(_ action: PlanAction, plan: Plan, firstAttempt: Int, ledger: inout Ledger) async throws -> String {
        let base = RequestIds.base(planId: plan.planId, action: action.id)
        var identity = RequestIdentity(base: base, attempt: max(1, firstAttempt))
        let body = action.request.body.map { Array($0.utf8) }
        for _ in 0..<4 {
            try journal.append(JournalEntry(time: Journal.now(), event: .sending, planId: plan.planId, action: action.id,
                                            requestId: identity.headerValue, method: action.request.method, path: action.request.path,
                                            bodySHA256: action.request.body.map(Digest.sha256), ledger: action.ledger))
            let result = try await client.sendPlannedWrite(method: action.request.method, path: action.request.path,
                                                           body: body, requestId: identity)
            switch result {
            case .applied(let answer, let receipt):
                try confirm(action, planId: plan.planId, detail: "answered \(answer.status)", responseId: receipt.responseId,
                            requestId: receipt.identity.headerValue, ledger: &ledger)
                try ledger.save(path: ledgerPath)
                return "\(answer.status)"
            case .requestIdAlreadyUsed(let receipt):
                // bunq saw this id before: the earlier attempt may have been carried out.
                let live = try await LiveStateReader(client: client).read(.actions(of: Plan(
                    planId: plan.planId, createdAt: plan.createdAt, cardpolicyVersion: plan.cardpolicyVersion,
                    userId: plan.userId, actions: [action], conflicts: [], notes: [])))
                if ActionVerification.mismatches(action, in: live).isEmpty {
                    try confirm(action, planId: plan.planId, detail: "request id already used and bunq holds the change",
                                requestId: receipt.identity.headerValue, ledger: &ledger)
                    try ledger.save(path: ledgerPath)
                    return "already done"
                }
                try journal.append(JournalEntry(time: Journal.now(), event: .abandoned, planId: plan.planId, action: action.id,
                                                requestId: receipt.identity.headerValue,
                                                detail: "request id already used but bunq does not hold the change; new attempt"))
                identity = receipt.identity.nextAttempt()
            }
        }
        throw ApplyError("bunq kept refusing the request ids of \(action.id) as already used")
    }

    private func confirm(_ action: PlanAction, planId: String, detail: String, responseId: String? = nil,
                         requestId: String? = nil, ledger: inout Ledger) throws {
        try journal.append(JournalEntry(time: Journal.now(), event: .confirmed, planId: planId, action: action.id,
                                        requestId: requestId, method: action.request.method, path: action.request.path,
                                        responseId: responseId, detail: detail, ledger: action.ledger))
        if let entry = action.ledger { ledger.record(entry, at: Date()) }
    }

    /// Only actions whose target was read can be judged from this snapshot.
    private func canVerify(_ action: PlanAction, _ live: LiveState) -> Bool {
        switch action.target {
        case .card(let id): return live.cards.contains { $0.id == id }
        case .pinnedChains: return live.pinnedChains != nil
        case .notifications(let scope): return live.filters(for: scope) != nil
        case nil: return false
        }
    }
}

/// An apply that cannot go on.
public struct ApplyError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Journals every HTTP attempt the client makes, tagged with the action being applied.
final class AttemptJournal: @unchecked Sendable {
    let journal: Journal
    let planId: String
    private let lock = NSLock()
    private var action = ""

    init(journal: Journal, planId: String) {
        self.journal = journal
        self.planId = planId
    }

    var current: String {
        get { lock.withLock { action } }
        set { lock.withLock { action = newValue } }
    }

    func record(_ attempt: AttemptRecord) {
        guard attempt.method != "GET" else { return }
        try? journal.append(JournalEntry(time: Journal.now(), event: .attempt, planId: planId, action: current,
                                         requestId: attempt.requestId, method: attempt.method, path: attempt.path,
                                         status: attempt.status, responseId: attempt.responseId, detail: attempt.failure))
    }
}

/// Applied plans, kept beside the journal so a later run can settle their unanswered writes.
struct PlanArchive {
    let directory: String

    func save(_ plan: Plan) throws {
        try AtomicFile.write(Data(PlanJSON.render(plan).utf8), to: (directory as NSString).appendingPathComponent("\(plan.planId).json"))
    }

    func load(planId: String) throws -> Plan {
        try PlanJSON.decode(Data(contentsOf: URL(fileURLWithPath: (directory as NSString).appendingPathComponent("\(planId).json"))))
    }
}
