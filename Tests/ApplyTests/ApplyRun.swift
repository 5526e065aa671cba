import BunqEmulator
import Foundation
import Testing

/// A directory with a generated bunq state, a policy changing `cards` cards, and
/// `cardpolicy emulator` serving it: for tests that drive several real apply processes.
final class ApplyRun {
    let directory: String
    let emulator: EmulatorProcess
    let cardCount: Int
    static var executable: String { KillAndResumeTests.executable }

    init(cards: Int, latencyMilliseconds: Int, emulatorArguments: [String] = []) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable), "build the cardpolicy executable first")
        directory = NSTemporaryDirectory() + "apply-run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let state = EmulatorState.generated(cards: 40, seed: 11)
        try state.save(to: directory + "/bunq.json")
        let targets = state.cards.filter { $0.status == "ACTIVE" && $0.subStatus == "NONE" && $0.userHolderId == nil }.prefix(cards)
        try #require(targets.count == cards)
        cardCount = cards
        let policy = "version: 1\ncards:\n" + targets.map { "  - {name: c\($0.id), match: {id: \($0.id)}, limits: {atm: 3 EUR}}\n" }.joined()
        try policy.write(toFile: directory + "/policy.yaml", atomically: true, encoding: .utf8)
        emulator = try EmulatorProcess(executable: Self.executable, state: directory + "/bunq.json", extraArguments: emulatorArguments)
        if latencyMilliseconds > 0 {
            try await emulator.control("POST", "/_emulator/faults", body: #"{"kind":"latency","milliseconds":\#(latencyMilliseconds)}"#)
        }
        // Opens the session once: bunq allows one session-server call per 30 s.
        #expect(try run(plan()).wait() == 2)
    }

    var journalPath: String { directory + "/journal.jsonl" }
    var lockPath: String { directory + "/apply.lock" }

    private var connection: [String] {
        ["--rate-limits", "off", "--api-url", emulator.baseURL, "--context", directory + "/context.json", "--state", directory + "/ledger.json"]
    }

    /// One PUT per card, every card allowed to change: these runs are about single writes
    /// (locks, signals, request ids), not about batches or the bulk-change guard.
    func apply(_ extra: [String] = []) -> [String] {
        ["apply", "--auto-approve", "--no-batch", "--max-changes", "100%"] + connection + ["--journal", journalPath] + extra
            + [directory + "/policy.yaml"]
    }

    func plan() -> [String] { ["plan", "--detailed-exitcode"] + connection + [directory + "/policy.yaml"] }

    func run(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess(Self.executable, arguments, environment: ["BUNQ_API_KEY": "apply-run-key", "NO_COLOR": "1"], directory: directory)
    }

    func journal() -> [[String: Any]] {
        let text = (try? String(contentsOfFile: journalPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    func count(_ event: String) -> Int { journal().filter { $0["event"] as? String == event }.count }

    /// Polls until `condition` holds; false after `seconds`.
    func waitUntil(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    deinit {
        emulator.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
