import BunqAPI
import BunqEmulator
import Foundation
import PolicyModel
import Reconciler
import Testing

/// An in-process emulator on 127.0.0.1, a client, and a scratch directory for the journal,
/// the ledger and the archive: the Applier end to end, over real HTTP.
final class ApplyFixture: @unchecked Sendable {
    let emulator: BunqEmulatorServer
    let client: BunqClient
    let directory: String
    private let lines = LineLog()

    var journalPath: String { directory + "/journal.jsonl" }
    var ledgerPath: String { directory + "/state.json" }
    var progress: [String] { lines.lines }

    static let quickRetries = RetryPolicy(
        rateLimitRetries: 4, rateLimitBaseDelay: .milliseconds(40), ambiguousFailureRetries: 2,
        ambiguousFailureBaseDelay: .milliseconds(40), maxDelay: .milliseconds(500), requestTimeout: .seconds(10))

    init(state: EmulatorState = .demo(), limits: RateLimitMode = .off, reusedRequestId: ReusedRequestIdRefusal = .standard) async throws {
        directory = NSTemporaryDirectory() + "apply-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        emulator = try await BunqEmulatorServer.start(
            EmulatorConfiguration(port: 0, rateLimits: limits, reusedRequestId: reusedRequestId),
            state: state)
        let configuration = BunqClientConfiguration(
            environment: BunqEnvironment(baseURL: emulator.baseURL),
            rateLimits: limits == .off ? .off : .bunq, retryPolicy: Self.quickRetries)
        client = BunqClient(configuration: configuration, apiKey: BunqAPIKey("test-key")!, store: nil)
    }

    func applier(allowIrreversible: Bool = false, maxDeletes: Int = 0, ledgerPath: String? = nil) -> Applier {
        let lines = self.lines
        return Applier(
            client: client, journal: Journal(path: journalPath), ledgerPath: ledgerPath ?? self.ledgerPath,
            guards: ApplyGuards(allowIrreversible: allowIrreversible, maxDeletes: maxDeletes),
            progress: { lines.append($0) })
    }

    func policy(_ yaml: String) throws -> Policy {
        let result = PolicyLoader.load(text: "version: 1\n" + yaml, path: directory + "/policy.yaml")
        return try #require(result.policy, "\(result.diagnostics)")
    }

    func plan(_ policy: Policy) async throws -> (Plan, LiveState) {
        let live = try await LiveStateReader(client: client).read(.policy(policy))
        let plan = try Planner.plan(policy: policy, live: live, ledger: try Ledger.load(path: ledgerPath), cardpolicyVersion: "test")
        return (plan, live)
    }

    func session(allowIrreversible: Bool = false, maxDeletes: Int = 0) -> ApplySession {
        let lines = self.lines
        return ApplySession(
            journal: Journal(path: journalPath), ledgerPath: ledgerPath,
            guards: ApplyGuards(allowIrreversible: allowIrreversible, maxDeletes: maxDeletes),
            progress: { lines.append($0) })
    }

    /// Plans and applies in one go, as `apply --auto-approve` does: earlier unanswered writes
    /// are settled first, so the plan is made from a ledger that knows what was sent.
    func apply(_ policy: Policy, allowIrreversible: Bool = false, maxDeletes: Int = 0) async throws -> ApplyOutcome {
        try await session(allowIrreversible: allowIrreversible, maxDeletes: maxDeletes)
            .fresh(policy: policy, client: client, cardpolicyVersion: "test", show: { _ in }, confirm: {})
    }

    /// Writes bunq carried out (2xx, or committed with the answer dropped), by method and path.
    func committedWrites() -> [String] {
        emulator.calls().filter {
            $0.method != "GET" && ($0.status / 100 == 2 || $0.dropped) && !$0.path.contains("session-server")
                && !$0.path.contains("installation") && !$0.path.contains("device-server")
        }
        .map { "\($0.method) \($0.path)" }
    }

    func close() async throws {
        try await emulator.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Thread-safe line collector for progress output.
final class LineLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var lines: [String] { lock.withLock { stored } }
    func append(_ line: String) { lock.withLock { stored.append(line) } }
}

/// The demo's writable cards: Alice Travel (8069) and Groceries (4417).
let demoPolicy = """
    cards:
      - {name: alice, match: {last4: "8069"}, limits: {purchase: 2500 EUR}, countries: [NL, {country: US, until: 2030-12-31}]}
      - {name: groceries, match: {last4: "4417"}, limits: {atm: 0 EUR}}

    """

extension ApplyOutcome {
    var isApplied: Bool {
        if case .applied = self { return true }
        return false
    }
}
