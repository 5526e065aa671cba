import BunqAPI
import BunqEmulator
import Foundation
import Testing

@Suite("Pacing against an emulator enforcing bunq's limits")
struct PacingIntegrationTests {
    @Test func readsAndWritesAtFullSpeedNeverSeeA429() async throws {
        try await withEmulator(rateLimits: .bunq) { fixture in
            let client = fixture.client(rateLimits: .bunq)
            let cards = try await client.cards()
            let writable = cards.filter { $0.status == .active || $0.status == .deactivated }.prefix(2)
            #expect(writable.count == 2)

            let started = ContinuousClock.now
            var writes = 0
            for round in 0..<3 {
                for card in writable {
                    let update = CardUpdate(
                        fallbackAccount: FallbackAccount(current: card),
                        cardLimitATM: BunqAPI.Amount(parsing: "\(10 + round)", currency: "EUR"))
                    #expect(try await client.updateCard(id: card.id, update).value != nil)
                    writes += 1
                }
            }
            let putTime = ContinuousClock.now - started
            for card in writable {
                _ = try await client.card(id: card.id)
                _ = try await client.card(id: card.id)
            }

            #expect(!fixture.emulator.calls().contains { $0.status == 429 })
            // 6 PUTs at 2 per 3 s take at least 2 windows; how close to that floor pacing
            // stays is a speed figure, measured by cardpolicy-bench, not asserted here.
            let floor = Duration.seconds(3) * ((writes + 1) / 2 - 1)
            #expect(putTime >= floor)
        }
    }
}
