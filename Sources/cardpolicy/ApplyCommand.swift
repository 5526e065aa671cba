import ArgumentParser
import BunqAPI
import Foundation
import PolicyModel
import Reconciler

/// `cardpolicy apply`: make bunq match the policy, or execute a saved plan.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make bunq match the policy (or execute a saved plan), with the fewest writes.",
        discussion: """
            Prints the plan and asks for `yes` on a terminal; pass --auto-approve in CI. A saved plan \
            (--plan FILE) was reviewed already: it is applied without asking, after checking that \
            nothing it was planned from has changed. Every write is journaled; re-running an \
            interrupted apply resumes it without doing anything twice. One apply runs at a time per \
            state directory (the lock is apply.lock beside the journal); SIGINT or SIGTERM during the \
            writes finishes the write in flight and exits 4.
            A saved plan is refused for another API, emulator state or user, or once expired \
            (`plan --plan-ttl`); one bunq already holds is reported as already applied.
            Exit codes: 0 done, nothing to do or already applied, 1 error, 3 blocked by a guard (nothing written), \
            4 partly done or interrupted (re-run to resume), 5 the saved plan is stale (nothing written).
            """
    )

    @OptionGroup var policy: PolicyOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var batch: BatchOptions
    @OptionGroup var targets: TargetOptions

    @Option(
        help: ArgumentHelp("Apply this saved plan (from `plan --out`) instead of planning now.", valueName: "FILE"),
        completion: .file())
    var plan: String?

    @Flag(help: "Do not ask for confirmation (needed when not on a terminal).")
    var autoApprove = false

    @Flag(help: "Allow LOST, STOLEN and CANCELLED, which bunq can never undo.")
    var allowIrreversible = false

    @Flag(help: "Allow changing the name on a physical card (second_line, preferred_name_on_card), which bunq may answer by printing a new card.")
    var allowReprint = false

    @Flag(help: "Allow changing cards that a `protect` rule of the policy covers.")
    var allowProtected = false

    @Option(help: "Allow removing up to this many pinned certificate chains.")
    var maxDeletes = 0

    @Option(
        help: ArgumentHelp(
            "Allow changing up to this many managed cards (N), or this share of them (P%); by default an apply may change at most 30% of 10 or more.",
            valueName: "N|P%"))
    var maxChanges: String?

    @Option(
        name: .customLong("journal"),
        help: ArgumentHelp("The journal of every write attempt; default .cardpolicy/journal.jsonl at the root of the policy repository.", valueName: "FILE"),
        completion: .file())
    var journalFile: String?

    /// `--journal`, else beside the default ledger: a saved plan has no paths, so it uses the
    /// current directory's repository.
    var journal: String { journalFile ?? StateLocation.path("journal.jsonl", policyPaths: policy.paths) }

    @Option(
        help: ArgumentHelp(
            "Wait this long for another apply on the same state directory to finish (e.g. 30s, 5m); by default refuse at once.",
            valueName: "DURATION"))
    var lockTimeout: String = "0s"

    func validate() throws {
        if plan != nil, !policy.paths.isEmpty {
            throw ValidationError("--plan applies a saved plan: leave out the policy paths")
        }
        if maxDeletes < 0 { throw ValidationError("--max-deletes must be 0 or more") }
        if let maxChanges, ChangeThreshold(argument: maxChanges) == nil {
            if maxChanges.hasSuffix("%"), let percent = Double(maxChanges.dropLast()), percent > 100 {
                throw ValidationError("--max-changes \(maxChanges): a share of the managed cards is at most 100%")
            }
            throw ValidationError("--max-changes must be a number of cards (250) or a percentage (40%), not '\(maxChanges)'")
        }
        if plan != nil, batch.noBatch || batch.batchSize != CardBatching.defaultSize {
            throw ValidationError("--no-batch and --batch-size decide how a plan is made: pass them to `cardpolicy plan` with --out")
        }
        if DurationText.seconds(lockTimeout) == nil {
            throw ValidationError("--lock-timeout must be a duration such as 30s, 5m or 1h, not '\(lockTimeout)'")
        }
    }

    func run() async throws {
        let color = Terminal.wantsColor(fileDescriptor: STDOUT_FILENO)
        // Before planning: a plan made while another apply writes would be out of date at once.
        let lock: ApplyLock
        do {
            lock = try ApplyLock.acquire(path: ApplyLock.path(besideJournal: journal), timeout: DurationText.seconds(lockTimeout) ?? 0)
        } catch {
            throw CommandFailure("\(error)")
        }
        defer { lock.release() }
        let interruption = SignalInterruption()
        if let plan {
            try await applySaved(plan, color: color, interruption: interruption)
        } else {
            try await applyFresh(color: color, interruption: interruption)
        }
    }

    private func session(_ interruption: SignalInterruption) -> ApplySession {
        ApplySession(
            journal: Journal(path: journal), ledgerPath: policy.ledgerPath,
            guards: ApplyGuards(
                allowIrreversible: allowIrreversible, maxDeletes: maxDeletes, allowReprint: allowReprint,
                allowProtected: allowProtected, maxChanges: maxChanges.flatMap(ChangeThreshold.init(argument:)) ?? .standard),
            interruption: interruption, progress: { Terminal.write($0 + "\n") })
    }

    private func applyFresh(color: Bool, interruption: SignalInterruption) async throws {
        let session = try PlanningSession.load(policy)
        let outcome = try await connection.withConnection { scope in
            try await PlanningSession.reportingPlanningFailure {
                try await self.session(interruption).fresh(
                    policy: session.policy, client: try await scope.connect().client, cardpolicyVersion: CardpolicyVersion.current,
                    batching: batch.batching, filter: targets.filter,
                    show: { Terminal.write(PlanText.render($0, color: color)) },
                    confirm: { if !autoApprove { try confirm() } })
            }
        }
        try finish(outcome, interruption: interruption)
    }

    private func applySaved(_ path: String, color: Bool, interruption: SignalInterruption) async throws {
        let saved = try SavedPlanFile.load(path)
        try SavedPlanFile.checkProvenance(saved, path: path, apiURL: connection.planOrigin())
        // A name the plan does not hold is refused before anything connects.
        do { _ = try targets.filter.select(savedPlan: saved) } catch let unknown as UnknownTargetName { throw CommandFailure(unknown.description) }
        let outcome = try await connection.withConnection { scope in
            try await self.session(interruption).saved(
                saved, filter: targets.filter, show: { Terminal.write(PlanText.render($0, color: color, title: "Applying the saved plan")) },
                connect: { try await scope.connect().client })
        }
        try finish(outcome, interruption: interruption)
    }

    private static func changes(_ count: Int) -> String { "\(count) change\(count == 1 ? "" : "s")" }

    /// Terraform's rule: only the word `yes` applies.
    private func confirm() throws {
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandFailure("apply changes bunq: confirm with --auto-approve when not running on a terminal")
        }
        Terminal.write("\nApply these changes to bunq? Only 'yes' will be accepted: ")
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
            Terminal.write("Apply cancelled; nothing was written.\n")
            throw ExitCode.failure
        }
    }

    private func finish(_ outcome: ApplyOutcome, interruption: SignalInterruption) throws {
        switch outcome {
        case .nothingToDo:
            Terminal.write("Nothing to apply.\n")
        case .alreadyApplied:
            Terminal.write("Already applied: bunq already holds everything this saved plan asks for; nothing was written.\n")
        case .blocked(let reasons):
            Terminal.writeError("Apply blocked; nothing was written:\n" + reasons.map { "  - \($0)\n" }.joined())
            throw CardpolicyExit.blocked
        case .stale(let reasons):
            Terminal.writeError("The saved plan is stale; nothing was written. Plan again:\n" + reasons.map { "  - \($0)\n" }.joined())
            throw CardpolicyExit.stalePlan
        case .applied(let report):
            let skipped = report.skipped.isEmpty ? "" : " (\(report.skipped.count) already done earlier)"
            Terminal.write(
                "Apply complete: \(report.done.count) change\(report.done.count == 1 ? "" : "s") made and verified in \(String(format: "%.1f", report.seconds)) s\(skipped).\n"
            )
        case .partlyApplied(let report, let failure):
            let unsettled =
                report.unsettled.isEmpty
                ? ""
                : "bunq may or may not have made \(report.unsettled.joined(separator: ", ")): the re-run reads bunq and sends it again only if bunq does not hold it.\n"
            Terminal.writeError(
                "Apply stopped after \(Self.changes(report.done.count)): \(failure)\n\(unsettled)Run the same apply again to resume; nothing will be done twice.\n"
            )
            throw CardpolicyExit.partlyApplied
        case .interrupted(let report):
            let signal = interruption.signalName.map { " by \($0)" } ?? ""
            Terminal.writeError(
                "Apply interrupted\(signal) after \(Self.changes(report.done.count)); \(report.left.count) not started. Run the same apply again to resume; nothing will be done twice.\n"
            )
            throw CardpolicyExit.partlyApplied
        case .failed(let failure):
            throw CommandFailure("apply failed before any change was made: \(failure)")
        case .verificationFailed(_, let mismatches):
            throw CommandFailure("the writes were accepted, but bunq does not show them as planned:\n" + mismatches.map { "  - \($0)" }.joined(separator: "\n"))
        }
    }
}
