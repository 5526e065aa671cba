// Release-built figures for the performance targets: swift build -c release --product cardpolicy-bench
// The lead owns this file; it calls each benchmark in turn.
try await runEmulatorBenchmark()
try await runClientBenchmark()
