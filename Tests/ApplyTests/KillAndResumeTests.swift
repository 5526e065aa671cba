import AsyncHTTPClient
import BunqEmulator
import Foundation
import NIOCore
import NIOFoundationCompat
import Testing

/// The real executable killed with SIGKILL at random points of a 20-card apply, then run
/// again: every trial must converge with each card written exactly once, whether the cards
/// go as PUTs or in card batches of 5.
@Suite("apply killed and resumed", .serialized)
struct KillAndResumeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let executable = ProcessInfo.processInfo.environment["CARDPOLICY_BIN"] ?? root.appendingPathComponent(".build/debug/cardpolicy").path
    static let trials = 20

    @Test(arguments: [["--no-batch"], ["--batch-size", "5"]])
    func everyKilledApplyConvergesWithNoDuplicateWrite(batching: [String]) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable), "build the cardpolicy executable first")
        var random = SystemRandomNumberGenerator()
        var killedMidway = 0
        for trial in 0..<Self.trials {
            let directory = NSTemporaryDirectory() + "kill-\(trial)-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let state = EmulatorState.generated(cards: 40, seed: 11)
            try state.save(to: directory + "/bunq.json")
            let cards = state.cards.filter { $0.status == "ACTIVE" && $0.subStatus == "NONE" && $0.userHolderId == nil }.prefix(20)
            try #require(cards.count == 20)
            let policy = "version: 1\ncards:\n" + cards.map { "  - {name: c\($0.id), match: {id: \($0.id)}, limits: {atm: 3 EUR}}\n" }.joined()
            try policy.write(toFile: directory + "/policy.yaml", atomically: true, encoding: .utf8)

            let emulator = try EmulatorProcess(executable: Self.executable, state: directory + "/bunq.json")
            defer { emulator.stop() }
            // Slow answers a little so the kill can land anywhere in the run.
            try await emulator.control("POST", "/_emulator/faults", body: #"{"kind":"latency","milliseconds":15}"#)
            let arguments =
                [
                    "apply", "--auto-approve", "--max-changes", "100%", "--rate-limits", "off", "--api-url", emulator.baseURL,
                    "--context", directory + "/context.json", "--state", directory + "/ledger.json", "--journal", directory + "/journal.jsonl",
                    directory + "/policy.yaml"
                ] + batching
            let environment = ["BUNQ_API_KEY": "kill-test-key", "NO_COLOR": "1"]
            let planArguments = [
                "plan", "--detailed-exitcode", "--rate-limits", "off", "--api-url", emulator.baseURL, "--context", directory + "/context.json",
                "--state", directory + "/ledger.json", directory + "/policy.yaml"
            ]
            // A first plan opens the session: bunq allows one session-server call per 30 s,
            // which the killed run and its re-run then share instead of waiting for.
            let first = try ChildProcess(Self.executable, planArguments, environment: environment, directory: directory)
            #expect(first.wait() == 2, "trial \(trial): \(first.output)")

            let victim = try ChildProcess(Self.executable, arguments, environment: environment, directory: directory)
            usleep(UInt32.random(in: 100_000...1_200_000, using: &random))
            victim.kill()
            _ = victim.wait()
            let writesBefore = try await emulator.committedCardWrites().count
            if writesBefore > 0 && writesBefore < 20 { killedMidway += 1 }

            let rerun = try ChildProcess(Self.executable, arguments, environment: environment, directory: directory)
            let status = rerun.wait()
            #expect(status == 0, "trial \(trial): the re-run exited \(status): \(rerun.output)")
            let plan = try ChildProcess(Self.executable, planArguments, environment: environment, directory: directory)
            #expect(plan.wait() == 0, "trial \(trial): not converged: \(plan.output)")

            let writes = try await emulator.committedCardWrites()
            #expect(writes.count == 20, "trial \(trial): \(writes.count) card writes for 20 cards (killed after \(writesBefore))")
            #expect(Set(writes).count == writes.count, "trial \(trial): a card was written twice")
        }
        print("kill-and-resume \(batching): \(Self.trials) trials, \(killedMidway) killed between the first and the last write")
    }
}

/// `cardpolicy emulator` as its own process, with the control endpoints on.
final class EmulatorProcess {
    let process: ChildProcess
    let baseURL: String

    init(executable: String, state: String, extraArguments: [String] = []) throws {
        process = try ChildProcess(
            executable, ["emulator", "--port", "0", "--state", state, "--rate-limits", "off", "--faults"] + extraArguments,
            environment: [:], directory: NSTemporaryDirectory())
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let line = process.output.split(separator: "\n").first(where: { $0.contains("listening on ") }),
                let url = line.split(separator: " ").first(where: { $0.hasPrefix("http://") })
            {
                baseURL = String(url)
                return
            }
            usleep(20_000)
        }
        process.kill()
        throw ChildProcessError("the emulator did not start: \(process.output)")
    }

    @discardableResult
    func control(_ method: String, _ path: String, body: String? = nil) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL.replacingOccurrences(of: "/v1", with: "") + path)
        request.method = .RAW(value: method)
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        return Data(buffer: try await response.body.collect(upTo: 64 << 20))
    }

    /// The cards bunq changed (answered 2xx or committed with the answer dropped), once per
    /// write: a card PUT's card, and each card of a card batch.
    func committedCardWrites() async throws -> [String] {
        let calls = try JSONSerialization.jsonObject(with: await control("GET", "/_emulator/calls")) as? [[String: Any]] ?? []
        return calls.filter { call in
            (call["status"] as? Int).map { $0 / 100 == 2 } == true || call["dropped"] as? Bool == true
        }.flatMap { call -> [String] in
            switch (call["method"] as? String, call["template"] as? String) {
            case ("PUT", "/user/{id}/card/{id}"):
                return [(call["path"] as? String ?? "").components(separatedBy: "/").last ?? ""]
            case ("POST", "/user/{id}/card-batch"):
                let body = (call["request_body"] as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                return (body?["cards"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? Int).map(String.init) }
            default:
                return []
            }
        }
    }

    func stop() {
        process.terminate()
        _ = process.wait()
    }
}
