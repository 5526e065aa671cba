import ArgumentParser
import BunqAPI
import Foundation
import PolicyModel
import Reconciler

/// The policy paths and the ledger: what plan, drift and apply read besides bunq.
struct PolicyOptions: ParsableArguments {
    @Argument(help: "Policy files or directories (default: ./policies).", completion: .file())
    var paths: [String] = []

    @Option(name: .customLong("state"), help: ArgumentHelp(
        "The ledger of write-only values cardpolicy has sent (country expiry).",
        valueName: "FILE"), completion: .file())
    var ledgerPath: String = Ledger.defaultPath
}

/// The read half shared by plan, drift and apply: policy → live state → plan.
struct PlanningSession {
    let policy: Policy
    let connection: BunqConnection
    let ledger: Ledger

    /// Loads and checks the policy (warnings to stderr; errors end the command with exit 1),
    /// the ledger, and connects.
    static func open(_ options: PolicyOptions, connection: ConnectionOptions) async throws -> PlanningSession {
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
        return PlanningSession(policy: policy, connection: try await connection.connect(), ledger: ledger)
    }

    func readLive() async throws -> LiveState {
        try await LiveStateReader(client: connection.client).read(.policy(policy))
    }

    /// Plans against a fresh read; policy-versus-bunq problems print as diagnostics and exit 1.
    func plan(live: LiveState) throws -> Plan {
        do {
            return try Planner.plan(policy: policy, live: live, ledger: ledger, cardpolicyVersion: CardpolicyVersion.current)
        } catch let failure as PlanningFailure {
            for diagnostic in failure.diagnostics { Terminal.writeError(diagnostic.description + "\n") }
            throw ExitCode.failure
        }
    }

    func close() async {
        try? await connection.close()
    }
}

/// A failure explained in one line; printed as `Error: …`, exit 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a command body and always closes the connection (stopping an in-process emulator).
func withSession<T>(_ session: PlanningSession, _ body: () async throws -> T) async throws -> T {
    do {
        let result = try await body()
        await session.close()
        return result
    } catch {
        await session.close()
        throw error
    }
}
