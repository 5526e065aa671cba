import Foundation
import PolicyModel

/// The policy targets: validate a generated 10,000-card policy in < 0.5 s and < 100 MB peak
/// RSS; `cardpolicy validate examples/` in < 50 ms. Measured on the release executable.
enum PolicyBenchmark {
    static func generatedPolicy(cards: Int) -> String {
        var yaml = "version: 1\n\ncards:\n"
        yaml.reserveCapacity(cards * 260)
        let countries = ["NL", "BE", "DE", "FR", "US", "GB", "ES", "IT"]
        for index in 0..<cards {
            yaml += "  - name: card-\(index)\n"
            yaml += index % 2 == 0 ? "    match: {id: \(100_000 + index)}\n" : "    match: {last4: \"\(String(format: "%04d", index % 10_000))\"}\n"
            yaml += "    status: ACTIVE\n"
            yaml += "    limits:\n      purchase: \(100 + index % 900).\(String(format: "%02d", index % 100)) EUR\n      atm: \(index % 5 * 50) EUR\n"
            yaml += "    countries: [\(countries[index % 8]), \(countries[(index + 3) % 8]), {country: JP, until: 2030-12-31}]\n"
            yaml += "    fallback_account: \(index % 3 == 0 ? "none" : String(2_000_000 + index % 7))\n"
        }
        yaml += "\ncard_groups:\n  - name: no-cash-for-virtual\n    match: {type: MASTERCARD, second_line: \"Virtual*\"}\n    limits: {atm: 0 EUR}\n"
        return yaml
    }

    static func run(repositoryRoot: String) throws -> [String] {
        let executable = siblingExecutable("cardpolicy")
        let directory = NSTemporaryDirectory() + "cardpolicy-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/cards.yaml"
        let yaml = generatedPolicy(cards: 10_000)
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)

        // In-process, to see the loader alone.
        let start = Date()
        let result = PolicyLoader.load(paths: [file])
        let inProcess = Date().timeIntervalSince(start)
        guard let policy = result.policy, policy.cards.count == 10_000 else {
            throw BenchmarkError("generated policy did not load: \(result.diagnostics.prefix(3))")
        }

        var big: [ChildRun] = []
        for _ in 0..<5 { big.append(try ChildRun.run(executable, ["validate", file])) }
        guard big.allSatisfy({ $0.exitCode == 0 }) else { throw BenchmarkError("validate of the generated policy failed") }
        var examples: [ChildRun] = []
        for _ in 0..<11 {
            examples.append(try ChildRun.run(executable, ["validate", repositoryRoot + "/examples/minimal.yaml", repositoryRoot + "/examples/reference"]))
        }
        guard examples.allSatisfy({ $0.exitCode == 0 }) else { throw BenchmarkError("validate examples/ failed") }

        let bigWall = median(big.map(\.seconds))
        let bigCPU = median(big.map(\.cpuSeconds))
        let bigRSS = big.map(\.peakRSSMegabytes).max() ?? 0
        let examplesWall = median(examples.map(\.seconds))
        return [
            "policy: generated 10,000-card policy: \(yaml.utf8.count / 1024) KiB, \(yaml.split(separator: "\n").count) lines",
            "policy: load+validate in process: \(milliseconds(inProcess))",
            "policy: `cardpolicy validate` 10,000 cards: median \(milliseconds(bigWall)) wall, \(milliseconds(bigCPU)) CPU (target < 500 ms), peak RSS \(String(format: "%.1f", bigRSS)) MB (target < 100 MB)",
            "policy: `cardpolicy validate examples/`: median \(milliseconds(examplesWall)) wall of 11 runs (target < 50 ms)",
            String(format: "policy: peak RSS is the child's own, taken by a launcher holding %.1f MB (ChildProcess.swift)", try ChildRun.launcherMegabytes()),
            "policy: verdict: \(bigWall < 0.5 && bigRSS < 100 && examplesWall < 0.05 ? "all targets met" : "TARGET MISSED") (load average \(loadAverage()) on \(ProcessInfo.processInfo.activeProcessorCount) cores)"
        ]
    }
}
