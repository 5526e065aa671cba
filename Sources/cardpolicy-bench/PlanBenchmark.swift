import BunqEmulator
import Foundation
import PolicyModel
import Reconciler

/// The plan targets: `cardpolicy plan` of a 10,000-card live state in < 1 s wall and
/// < 64 MB peak RSS, reading ⌈N/200⌉ card pages plus one call per other list and no card
/// one by one. Measured from outside, as a user sees it: the release executable as a child
/// process against `cardpolicy emulator` running as another process (rate limits off), so
/// the emulator's time and memory are not the plan's.
enum PlanBenchmark {
    static let cardCount = 10_000
    static let coldRuns = 3
    static let warmRuns = 7

    /// Every card a policy can match, by id, with the settings it has now, except that every
    /// 10th entry asks for a purchase limit 1 EUR higher: a plan of ~900 card updates.
    static func policy(for state: EmulatorState) -> (yaml: String, entries: Int, changed: Int) {
        let matchable = state.cards.filter {
            ["ACTIVE", "DEACTIVATED"].contains($0.status) && $0.subStatus != "REPLACED"
        }
        // Rules as a finance team writes them: every entry is checked against the first at
        // load, every card against all three in the plan.
        var yaml = """
            version: 1

            rules:
              - {name: max-card-limit, match: all, max_limits: {purchase: 100000 EUR, atm: 500 EUR}, countries: {deny: [RU, KP]}}
              - {name: no-cash-on-virtual, match: {type: MASTERCARD, second_line: "Virtual*"}, max_limits: {atm: 0 EUR}}
              - {name: maestro-in-europe, match: {type: MAESTRO}, countries: {deny: [KP]}, require: [limits.purchase]}

            cards:

            """
        yaml.reserveCapacity(matchable.count * 200)
        var changed = 0
        for (index, card) in matchable.enumerated() {
            guard let limit = card.cardLimit, let atm = card.cardLimitAtm else { continue }
            var purchase = limit.value
            if index % 10 == 0 {
                purchase = String(format: "%.2f", (Double(purchase) ?? 0) + 1)
                changed += 1
            }
            yaml += "  - name: card-\(card.id)\n    match: {id: \(card.id)}\n    status: \(card.status)\n"
            yaml += "    limits: {purchase: \(purchase) \(limit.currency), atm: \(atm.value) \(atm.currency)}\n"
            yaml += "    countries: [\(card.countryPermission.map(\.country).joined(separator: ", "))]\n"
            yaml += "    fallback_account: \(card.monetaryAccountIdFallback.map(String.init) ?? "none")\n"
        }
        return (yaml, matchable.count, changed)
    }

    static func run() async throws -> [String] {
        let executable = siblingExecutable("cardpolicy")
        let directory = NSTemporaryDirectory() + "cardpolicy-plan-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory + "/policy", withIntermediateDirectories: true)
        // CARDPOLICY_BENCH_KEEP=1 leaves the state, policy and context for profiling by hand.
        let keep = ProcessInfo.processInfo.environment["CARDPOLICY_BENCH_KEEP"] == "1"
        defer { if keep { print("plan: files kept in \(directory)") } else { try? FileManager.default.removeItem(atPath: directory) } }

        let state = EmulatorState.generated(cards: cardCount, seed: 1)
        let statePath = directory + "/bunq.json"
        try state.save(to: statePath)
        let (yaml, entries, changed) = policy(for: state)
        let policyFile = directory + "/policy/cards.yaml"
        try yaml.write(toFile: policyFile, atomically: true, encoding: .utf8)

        // In-process, to see the loader alone (the first load also warms the caches).
        var loadTimes: [Double] = []
        for _ in 0..<3 {
            let start = DispatchTime.now()
            let result = PolicyLoader.load(paths: [policyFile])
            loadTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
            guard let policy = result.policy, policy.cards.count == entries else {
                throw BenchmarkError("the generated policy did not load: \(result.diagnostics.prefix(3).map(\.description))")
            }
        }

        let emulator = try EmulatorProcess.start(executable, statePath: statePath)
        defer { emulator.stop() }
        let calls = try CallLog(port: emulator.port)
        setenv("BUNQ_API_KEY", "cardpolicy-bench", 1)
        let contextPath = directory + "/context.json"
        let arguments = [
            "plan", "--api-url", emulator.baseURL, "--context", contextPath, "--state", directory + "/ledger.json",
            "--rate-limits", "off", "--detailed-exitcode", directory + "/policy"
        ]

        var cold: [ChildRun] = []
        var coldCalls: [CallCount] = []
        for _ in 0..<coldRuns {
            try? FileManager.default.removeItem(atPath: contextPath)
            let before = try calls.count()
            cold.append(try ChildRun.run(executable, arguments))
            coldCalls.append(try calls.count(since: before))
        }
        var warm: [ChildRun] = []
        var warmCalls: [CallCount] = []
        for _ in 0..<warmRuns {
            let before = try calls.count()
            warm.append(try ChildRun.run(executable, arguments))
            warmCalls.append(try calls.count(since: before))
        }
        for run in cold + warm where run.exitCode != 2 {
            throw BenchmarkError("cardpolicy plan exited \(run.exitCode), expected 2 (changes present)")
        }

        // The plan itself, once more: the changes the policy asks for and nothing else.
        let planPath = directory + "/plan.json"
        let check = try ChildRun.run(executable, arguments + ["--out", planPath])
        let plan = try PlanJSON.decode(Data(contentsOf: URL(fileURLWithPath: planPath)))
        guard check.exitCode == 2, plan.actions.count == changed, plan.conflicts.isEmpty,
            plan.actions.allSatisfy({ $0.changes.map(\.field) == ["limits.purchase"] })
        else {
            throw BenchmarkError("the plan has \(plan.actions.count) actions and \(plan.conflicts.count) conflicts; expected \(changed) limit changes")
        }

        let expectedPages = (cardCount + 199) / 200
        let reads = warmCalls[0]
        let readsOK =
            warmCalls.allSatisfy { $0 == reads } && reads.cardPages == expectedPages && reads.perCardGets == 0
            && reads.writes == 0 && reads.otherGets == 1
        let wall = median(warm.map(\.seconds))
        let rss = warm.map(\.peakRSSMegabytes).max() ?? 0
        let met = wall < 1 && rss < 64 && readsOK
        func describe(_ runs: [ChildRun]) -> String {
            String(
                format: "median %@ wall, %@ CPU, peak RSS %.1f MB (max of %d runs)",
                milliseconds(median(runs.map(\.seconds))), milliseconds(median(runs.map(\.cpuSeconds))),
                runs.map(\.peakRSSMegabytes).max() ?? 0, runs.count)
        }
        return [
            "plan: generated \(cardCount)-card live state (\(entries) matchable), policy of \(entries) cards, \(yaml.utf8.count / 1024) KiB; \(changed) cards change",
            "plan: load+validate in process: median \(milliseconds(median(loadTimes))) of \(loadTimes.count)",
            "plan: `cardpolicy plan` warm (context reused): \(describe(warm)) (target < 1000 ms, < 64 MB)",
            "plan: `cardpolicy plan` cold (new installation, device, session): \(describe(cold))",
            String(format: "plan: peak RSS is each child's own, taken by a launcher holding %.1f MB (ChildProcess.swift)", try ChildRun.launcherMegabytes()),
            "plan: API calls per warm run: \(reads) (target: \(expectedPages) card pages = ⌈\(cardCount)/200⌉, 1 account list, 0 per-card GETs)",
            "plan: API calls per cold run: \(coldCalls[0])",
            "plan: verdict: \(met ? "all targets met" : "TARGET MISSED") (load average \(loadAverage()) on \(ProcessInfo.processInfo.activeProcessorCount) cores)"
        ]
    }
}

/// The calls one plan run made, as the emulator recorded them.
struct CallCount: Equatable, CustomStringConvertible {
    var cardPages = 0
    var perCardGets = 0
    var otherGets = 0
    var writes = 0
    var otherTemplates: [String] = []

    var description: String {
        "\(cardPages) card pages, \(perCardGets) per-card GETs, \(otherGets) other GETs, \(writes) writes"
            + (otherTemplates.isEmpty ? "" : " (\(otherTemplates.joined(separator: ", ")))")
    }
}

/// The emulator's call log over `GET /_emulator/calls` (served with `--faults`).
final class CallLog {
    private let connection: BenchConnection

    init(port: Int) throws { connection = try BenchConnection(port: port) }

    /// Every call the emulator recorded after the first `start`, as its log gives them.
    func entries(since start: Int) throws -> [[String: Any]] { Array(try entries().dropFirst(start)) }

    private func entries() throws -> [[String: Any]] {
        let (status, body) = try connection.get("/_emulator/calls", headers: [:])
        guard status == 200, let list = try JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]] else {
            throw BenchmarkError("the emulator's call log answered \(status)")
        }
        return list
    }

    func count() throws -> Int { try entries().count }

    func count(since start: Int) throws -> CallCount {
        var count = CallCount()
        for call in try entries().dropFirst(start) {
            let method = call["method"] as? String ?? ""
            let template = call["template"] as? String ?? ""
            switch (method, template) {
            case ("GET", "/user/{id}/card"): count.cardPages += 1
            case ("GET", "/user/{id}/card/{id}"): count.perCardGets += 1
            case ("GET", _):
                count.otherGets += 1
                count.otherTemplates.append("GET " + template)
            default:
                count.writes += 1
                count.otherTemplates.append(method + " " + template)
            }
        }
        return count
    }
}

/// `cardpolicy emulator` as a separate process, so its CPU and memory are not the plan's.
final class EmulatorProcess {
    let process: Process
    let baseURL: String
    let port: Int

    private init(process: Process, baseURL: String, port: Int) {
        self.process = process
        self.baseURL = baseURL
        self.port = port
    }

    static func start(_ executable: String, statePath: String, rateLimits: String = "off") throws -> EmulatorProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["emulator", "--port", "0", "--state", statePath, "--rate-limits", rateLimits, "--faults"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // It prints one line once listening: `bunq emulator listening on http://127.0.0.1:PORT/v1 (…)`.
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let match = text.firstMatch(of: #/listening on (http://127\.0\.0\.1:(\d+)/v1)/#), let port = Int(match.2) else {
            process.terminate()
            throw BenchmarkError("the emulator did not start: \(text)")
        }
        return EmulatorProcess(process: process, baseURL: String(match.1), port: port)
    }

    /// SIGTERM: the emulator stops gracefully.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
