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

    func plan(_ policy: Policy, batching: CardBatching = .standard) async throws -> (Plan, LiveState) {
        let live = try await LiveStateReader(client: client).read(.policy(policy))
        let plan = try Planner.plan(
            policy: policy, live: live, ledger: try Ledger.load(path: ledgerPath), cardpolicyVersion: "test", batching: batching)
        return (plan, live)
    }

    func session(allowIrreversible: Bool = false, maxDeletes: Int = 0, maxChanges: ChangeThreshold = .standard) -> ApplySession {
        let lines = self.lines
        return ApplySession(
            journal: Journal(path: journalPath), ledgerPath: ledgerPath,
            guards: ApplyGuards(allowIrreversible: allowIrreversible, maxDeletes: maxDeletes, maxChanges: maxChanges),
            progress: { lines.append($0) })
    }

    /// Plans and applies in one go, as `apply --auto-approve` does: earlier unanswered writes
    /// are settled first, so the plan is made from a ledger that knows what was sent.
    func apply(
        _ policy: Policy, allowIrreversible: Bool = false, maxDeletes: Int = 0, batching: CardBatching = .standard,
        maxChanges: ChangeThreshold = .standard
    ) async throws -> ApplyOutcome {
        try await session(allowIrreversible: allowIrreversible, maxDeletes: maxDeletes, maxChanges: maxChanges)
            .fresh(policy: policy, client: client, cardpolicyVersion: "test", batching: batching, show: { _ in }, confirm: {})
    }

    /// Writes bunq carried out per card: each card PUT's card and each card of a card batch.
    func committedCardWrites() -> [Int] {
        emulator.calls().filter { $0.status / 100 == 2 || $0.dropped }.flatMap { call -> [Int] in
            switch (call.method, call.template) {
            case ("PUT", "/user/{id}/card/{id}"): return [Int(call.path.split(separator: "/").last ?? "") ?? 0]
            case ("POST", "/user/{id}/card-batch"):
                let body = try? JSONSerialization.jsonObject(with: Data(call.requestBody)) as? [String: Any]
                return (body?["cards"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            default: return []
            }
        }
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
