import Foundation

// Release-built figures for the performance targets of the issues; see docs/benchmarks.md.
// Usage: cardpolicy-bench [policy] [emulator] [client] [plan] [apply] [fleet]   (no argument: every benchmark)
if CommandLine.arguments.count > 2, CommandLine.arguments[1] == ChildRun.measureFlag {
    ChildRun.measureAndPrint(CommandLine.arguments[2], Array(CommandLine.arguments.dropFirst(3)))
}
let repositoryRoot = FileManager.default.currentDirectoryPath
let requested = Set(CommandLine.arguments.dropFirst())
func wanted(_ name: String) -> Bool { requested.isEmpty || requested.contains(name) }

do {
    if wanted("policy") {
        for line in try PolicyBenchmark.run(repositoryRoot: repositoryRoot) { print(line) }
    }
    if wanted("emulator") { try await runEmulatorBenchmark() }
    if wanted("client") { try await runClientBenchmark() }
    if wanted("plan") { for line in try await PlanBenchmark.run() { print(line) } }
    if wanted("apply") {
        for line in try await ApplyBenchmark.run() { print(line) }
    }
    if wanted("fleet") {
        for line in try await FleetApplyBenchmark.run() { print(line) }
    }
} catch {
    FileHandle.standardError.write(Data("cardpolicy-bench: \(error)\n".utf8))
    exit(1)
}
