import BunqEmulator
import Foundation

/// The fleet targets, measured from outside with bunq's limits on in the emulator (its own
/// process): `cardpolicy apply` of 1,000 changed cards out of 1,000, reads and verification
/// included, in at most 30 s with zero 429s and at least 50× under the floor of one PUT per
/// card (2 PUTs per 3 s); and `cardpolicy plan` of 10,000 cards in at most 1.05× its read
/// floor (50 card pages at 3 GETs per 3 s).
enum FleetApplyBenchmark {
    static let fleetSize = 1_000
    static let estateSize = 10_000

    /// bunq's floor for `count` requests at `limit` per 3 s: the last may start 3·(⌈count/limit⌉−1) s after the first.
    static func floor(_ count: Int, limit: Int) -> Double { 3 * Double((count + limit - 1) / limit - 1) }

    static func run() async throws -> [String] {
        let executable = siblingExecutable("cardpolicy")
        let directory = NSTemporaryDirectory() + "cardpolicy-fleet-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        setenv("BUNQ_API_KEY", "cardpolicy-bench", 1)
        return try await apply(executable, directory: directory) + plan(executable, directory: directory)
    }

    /// Every card of a 1,000-card estate made changeable, and a policy changing each one's ATM limit.
    static func apply(_ executable: String, directory: String) async throws -> [String] {
        var state = EmulatorState.generated(cards: fleetSize, seed: 5)
        for index in state.cards.indices {
            state.cards[index].status = "ACTIVE"
            state.cards[index].subStatus = "NONE"
        }
        let statePath = directory + "/fleet.json"
        try state.save(to: statePath)
        var yaml = "version: 1\ncards:\n"
        for card in state.cards { yaml += "  - {name: c\(card.id), match: {id: \(card.id)}, limits: {atm: 13 EUR}}\n" }
        try yaml.write(toFile: directory + "/fleet.yaml", atomically: true, encoding: .utf8)

        let emulator = try EmulatorProcess.start(executable, statePath: statePath, rateLimits: "bunq")
        defer { emulator.stop() }
        let calls = try CallLog(port: emulator.port)
        let connection = [
            "--api-url", emulator.baseURL, "--context", directory + "/fleet-context.json", "--state", directory + "/fleet-ledger.json"
        ]
        // A plan first opens the session (bunq allows one session-server call per 30 s), then
        // the limiter's windows are left to empty, as between two runs in CI.
        let first = try ChildRun.run(executable, ["plan", "--detailed-exitcode"] + connection + [directory + "/fleet.yaml"])
        guard first.exitCode == 2 else { throw BenchmarkError("the fleet plan exited \(first.exitCode), expected 2") }
        try await Task.sleep(for: .seconds(3.5))
        let before = try calls.count()
        let run = try ChildRun.run(
            executable,
            ["apply", "--auto-approve", "--max-changes", "100%", "--journal", directory + "/fleet-journal.jsonl"] + connection
                + [directory + "/fleet.yaml"])
        guard run.exitCode == 0 else { throw BenchmarkError("the fleet apply exited \(run.exitCode)") }
        let made = try calls.entries(since: before)
        let after = try EmulatorState.load(from: statePath)
        guard after.cards.allSatisfy({ $0.cardLimitAtm?.value == "13.00" }) else { throw BenchmarkError("the fleet apply left cards unchanged") }

        let refused = made.filter { $0["status"] as? Int == 429 }.count
        let batches = made.filter { $0["method"] as? String == "POST" && $0["template"] as? String == "/user/{id}/card-batch" }.count
        let puts = made.filter { $0["method"] as? String == "PUT" }.count
        let gets = made.filter { $0["method"] as? String == "GET" }.count
        let putFloor = floor(fleetSize, limit: 2)
        let ratio = putFloor / run.seconds
        let met = run.seconds <= 30 && ratio >= 50 && refused == 0
        return [
            "fleet apply: \(fleetSize) of \(fleetSize) cards changed under bunq's limits: \(String(format: "%.2f", run.seconds)) s wall, reads and verification included (\(made.count) calls: \(batches) card-batch POSTs, \(puts) PUTs, \(gets) GETs)",
            "fleet apply: the per-PUT floor for the same changes: \(String(format: "%.0f", putFloor)) s; ratio \(String(format: "%.1f", ratio))× (target ≥ 50×, ≤ 30 s), 429s: \(refused) (target 0)",
            "fleet apply: verdict: \(met ? "target met" : "TARGET MISSED") (load average \(loadAverage()))"
        ]
    }

    /// `cardpolicy plan` of 10,000 cards against bunq's limits, new context (the session is part of it).
    static func plan(_ executable: String, directory: String) async throws -> [String] {
        let state = EmulatorState.generated(cards: estateSize, seed: 1)
        let statePath = directory + "/estate.json"
        try state.save(to: statePath)
        let (yaml, _, changed) = PlanBenchmark.policy(for: state)
        try FileManager.default.createDirectory(atPath: directory + "/estate", withIntermediateDirectories: true)
        try yaml.write(toFile: directory + "/estate/cards.yaml", atomically: true, encoding: .utf8)
        let emulator = try EmulatorProcess.start(executable, statePath: statePath, rateLimits: "bunq")
        defer { emulator.stop() }
        let calls = try CallLog(port: emulator.port)
        let run = try ChildRun.run(
            executable,
            [
                "plan", "--detailed-exitcode", "--api-url", emulator.baseURL, "--context", directory + "/estate-context.json", "--state",
                directory + "/estate-ledger.json", directory + "/estate"
            ])
        guard run.exitCode == 2 else { throw BenchmarkError("the 10,000-card plan exited \(run.exitCode), expected 2") }
        let made = try calls.entries(since: 0)
        let pages = made.filter { $0["method"] as? String == "GET" && $0["template"] as? String == "/user/{id}/card" }.count
        let refused = made.filter { $0["status"] as? Int == 429 }.count
        let readFloor = floor(pages, limit: 3)
        let ratio = run.seconds / readFloor
        let met = ratio <= 1.05 && refused == 0 && pages == (estateSize + 199) / 200
        return [
            "fleet plan: \(estateSize) cards (\(changed) change) under bunq's limits, new session: \(String(format: "%.2f", run.seconds)) s wall, \(pages) card pages, 429s: \(refused)",
            "fleet plan: read floor \(String(format: "%.0f", readFloor)) s (\(pages) pages at 3 GETs per 3 s); ratio \(String(format: "%.3f", ratio)) (target ≤ 1.05)",
            "fleet plan: verdict: \(met ? "target met" : "TARGET MISSED")"
        ]
    }
}
