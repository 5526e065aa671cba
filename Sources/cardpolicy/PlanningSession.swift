import ArgumentParser
import BunqAPI
import Foundation
import PolicyModel
import Reconciler

/// The policy paths and the ledger: what plan, drift and apply read besides bunq.
struct PolicyOptions: ParsableArguments {
    @Argument(help: "Policy files or directories (default: ./policies).", completion: .file())
    var paths: [String] = []

    @Option(
        name: .customLong("state"),
        help: ArgumentHelp(
            "The ledger of write-only values cardpolicy has sent (country expiry); default .cardpolicy/state.json at the root of the policy repository.",
            valueName: "FILE"), completion: .file())
    var ledgerFile: String?

    /// `--state`, else the ledger at the root of the first path's repository.
    var ledgerPath: String { ledgerFile ?? StateLocation.path("state.json", policyPaths: paths) }
}

/// The read half shared by plan, drift and apply: policy and ledger, then live state → plan.
struct PlanningSession {
    let policy: Policy
    let ledger: Ledger

    /// Loads and checks the policy (warnings to stderr; errors end the command with exit 1)
    /// and the ledger, before anything connects to bunq.
    static func load(_ options: PolicyOptions) throws -> PlanningSession {
        let loaded = PolicyLoader.load(paths: options.paths)
        let color = Terminal.wantsColor(fileDescriptor: STDERR_FILENO)
        if !loaded.diagnostics.isEmpty {
            Terminal.writeError(DiagnosticFormat.text.render(loaded, color: color))
        }
        guard let policy = loaded.policy else { throw ExitCode.failure }
        let ledger: Ledger
        do {
            ledger = try Ledger.load(path: options.ledgerPath)
        } catch {
            throw CommandFailure(FileErrorText.describe(error) ?? "\(error)")
        }
        return PlanningSession(policy: policy, ledger: ledger)
    }

    /// Reads what the policy needs from bunq and plans against it.
    func plan(_ connection: BunqConnection, batching: CardBatching = .standard, filter: ActionFilter = ActionFilter()) async throws -> Plan {
        let live = try await LiveStateReader(client: connection.client).read(.policy(policy))
        return try await Self.reportingPlanningFailure {
            try Planner.plan(policy: policy, live: live, ledger: ledger, cardpolicyVersion: CardpolicyVersion.current, batching: batching, filter: filter)
        }
    }

    /// Policy-versus-bunq problems print as diagnostics and end the command with exit 1.
    static func reportingPlanningFailure<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as PlanningFailure {
            for diagnostic in failure.diagnostics { Terminal.writeError(diagnostic.description + "\n") }
            throw ExitCode.failure
        } catch let unknown as UnknownTargetName {
            throw CommandFailure(unknown.description)
        }
    }
}

/// A failure explained in one line; printed as `Error: …`, exit 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
