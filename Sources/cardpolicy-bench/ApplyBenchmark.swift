import BunqAPI
import BunqEmulator
import Foundation
import PolicyModel
import Reconciler

/// The per-PUT pacing target: with bunq's limits on and card batches off, applying 20
/// changed cards takes at most 1.10× the floor the limits allow (2 PUTs per 3 s: the 20th
/// PUT can start 27 s after the 1st) with zero 429s. Emulator in-process with its limits on; the whole apply is timed,
/// including the reads before and the verification after.
enum ApplyBenchmark {
    static func run() async throws -> [String] {
        let state = EmulatorState.generated(cards: 60, seed: 3)
        let emulator = try await BunqEmulatorServer.start(EmulatorConfiguration(port: 0, rateLimits: .bunq), state: state)
        let directory = NSTemporaryDirectory() + "cardpolicy-apply-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let client = BunqClient(
            configuration: BunqClientConfiguration(environment: BunqEnvironment(baseURL: emulator.baseURL)),
            apiKey: BunqAPIKey("bench")!, store: nil)
        let cards = state.cards.filter { $0.status == "ACTIVE" && $0.subStatus == "NONE" && $0.userHolderId == nil }.prefix(20)
        guard cards.count == 20 else { throw BenchmarkError("the generated state has fewer than 20 writable cards") }
        let yaml = "version: 1\ncards:\n" + cards.map { "  - {name: c\($0.id), match: {id: \($0.id)}, limits: {atm: 9 EUR}}\n" }.joined()
        guard let policy = PolicyLoader.load(text: yaml, path: directory + "/p.yaml").policy else { throw BenchmarkError("policy") }
        _ = try await client.connect()
        emulator.resetCalls()

        let started = Date()
        let live = try await LiveStateReader(client: client).read(.policy(policy))
        let plan = try Planner.plan(policy: policy, live: live, ledger: Ledger(), cardpolicyVersion: "bench", batching: .off)
        let applier = Applier(
            client: client, journal: Journal(path: directory + "/journal.jsonl"), ledgerPath: directory + "/state.json",
            guards: ApplyGuards(maxChanges: ChangeThreshold(limit: .percent(100))), progress: { _ in })
        let outcome = try await applier.apply(plan, live: live, savedPlan: false)
        let seconds = Date().timeIntervalSince(started)
        try await emulator.stop()
        guard case .applied(let report) = outcome, report.done.count == 20 else { throw BenchmarkError("apply did not finish: \(outcome)") }

        let calls = emulator.calls()
        let puts = calls.filter { $0.method == "PUT" }
        let refused = calls.filter { $0.status == 429 }.count
        let floor = 27.0
        let ratio = seconds / floor
        let putSpan = (puts.last?.time.timeIntervalSince(puts.first?.time ?? Date()) ?? 0)
        return [
            "apply: 20 card changes under bunq's limits, one PUT each (batches off): \(String(format: "%.2f", seconds)) s in all (\(calls.count) calls, \(puts.count) PUTs, first to last PUT \(String(format: "%.2f", putSpan)) s)",
            "apply: ratio to the 27 s floor: \(String(format: "%.3f", ratio)) (target ≤ 1.10), 429s: \(refused) (target 0)",
            "apply: verdict: \(ratio <= 1.10 && refused == 0 ? "target met" : "TARGET MISSED")"
        ]
    }
}
