import BunqAPI
import BunqEmulator
import Foundation
import Logging

/// The client's performance targets, against the in-process emulator:
/// 1,000 cards read in under 0.3 s with limits off (context creation not timed), and a
/// run of reads and writes under bunq's limits that sees no 429 and stays near the floor.
func runClientBenchmark() async throws {
    try await withEmulator(.off, .generated(cards: 1000, seed: 1), benchmarkCardRead)
    try await withEmulator(.bunq, .generated(cards: 60, seed: 2), benchmarkPacedWrites)
}

private func benchmarkCardRead(_ emulator: BunqEmulatorServer) async throws {
    let client = benchClient(emulator, rateLimits: .off)
    try await client.connect()
    _ = try await client.cards() // warm-up: connections and code paths

    var times: [Double] = []
    var count = 0
    for _ in 0..<7 {
        emulator.resetCalls()
        let start = ContinuousClock.now
        count = try await client.cards().count
        times.append(seconds(ContinuousClock.now - start) * 1000)
    }
    let calls = emulator.calls().filter { $0.method == "GET" && $0.template == "/user/{id}/card" }.count
    times.sort()
    print(
        String(
            format: "client: read %d cards (limits off): best %.1f ms, median %.1f ms, worst %.1f ms over %d runs, "
                + "%d list calls per read (target < 300 ms)",
            count, times[0], times[times.count / 2], times[times.count - 1], times.count, calls))
}

private func benchmarkPacedWrites(_ emulator: BunqEmulatorServer) async throws {
    let client = benchClient(emulator, rateLimits: .bunq)
    try await client.connect()
    emulator.resetCalls()

    let started = ContinuousClock.now
    let cards = try await client.cards()
    let writable = cards.filter { $0.status == .active && $0.subStatus != "REPLACED" }.prefix(20)
    for (index, card) in writable.enumerated() {
        let update = CardUpdate(
            fallbackAccount: FallbackAccount(current: card),
            cardLimitATM: BunqAPI.Amount(value: Decimal(10 + index), currency: "EUR"))
        guard try await client.updateCard(id: card.id, update).value != nil else {
            throw BenchmarkFailure("the PUT of card \(card.id) was not applied")
        }
        _ = try await client.card(id: card.id) // read back, as the Applier does
    }
    _ = try await client.cards()
    let total = seconds(ContinuousClock.now - started)

    let calls = emulator.calls()
    let puts = calls.filter { $0.method == "PUT" }.count
    let gets = calls.filter { $0.method == "GET" }.count
    let tooMany = calls.filter { $0.status == 429 }.count
    let floor = 3.0 * Double((puts + 1) / 2 - 1)
    print(
        String(
            format: "client: bunq limits on: %d PUT + %d GET in %.2f s (PUT floor %.1f s, %.3fx); 429 answers: %d (must be 0)",
            puts, gets, total, floor, total / floor, tooMany))
    if tooMany > 0 { throw BenchmarkFailure("\(tooMany) requests were answered 429") }
}

private func benchClient(_ emulator: BunqEmulatorServer, rateLimits: RateLimits) -> BunqClient {
    BunqClient(
        configuration: BunqClientConfiguration(environment: BunqEnvironment(baseURL: emulator.baseURL), rateLimits: rateLimits),
        apiKey: BunqAPIKey("bench")!, store: nil,
        logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
}

/// Runs `body` against a fresh emulator and stops it whatever happens.
private func withEmulator(
    _ rateLimits: RateLimitMode, _ state: EmulatorState, _ body: (BunqEmulatorServer) async throws -> Void
) async throws {
    let emulator = try await BunqEmulatorServer.start(EmulatorConfiguration(port: 0, rateLimits: rateLimits), state: state)
    do {
        try await body(emulator)
        try await emulator.stop()
    } catch {
        try? await emulator.stop()
        throw error
    }
}

private func seconds(_ duration: Duration) -> Double {
    let (whole, attoseconds) = duration.components
    return Double(whole) + Double(attoseconds) / 1e18
}

/// A benchmark whose run went wrong (not merely slow).
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
