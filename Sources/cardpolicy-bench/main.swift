// The lead owns this file; it calls each benchmark in turn.
try await runClientBenchmark()
