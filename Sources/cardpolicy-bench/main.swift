// Release-built figures for the performance targets: swift build -c release --product cardpolicy-bench
try await runEmulatorBenchmark()
