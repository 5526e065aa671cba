import BunqAPI
import BunqEmulator
import Foundation
import Testing

@Suite("Card endpoints against the emulator")
struct CardEndpointTests {
    @Test func fourHundredFiftyCardsTakeExactlyThreeListCalls() async throws {
        try await withEmulator(state: .generated(cards: 450, seed: 1)) { fixture in
            let cards = try await fixture.client().cards()
            #expect(cards.count == 450)
            #expect(Set(cards.map(\.id)).count == 450)
            let lists = fixture.calls("GET", "/user/{id}/card")
            #expect(lists.count == 3)
            #expect(lists.allSatisfy { ($0.query ?? "").contains("count=200") })
            // Newest first, walking back in time.
            #expect(cards.map(\.id) == cards.map(\.id).sorted(by: >))
        }
    }

    @Test func aCardReadsBackAsTheEmulatorHoldsIt() async throws {
        try await withEmulator { fixture in
            let card = try await fixture.client().card(id: EmulatorFixture.activeCardId)
            let held = try #require(fixture.emulator.snapshot().cards.first { $0.id == EmulatorFixture.activeCardId })
            #expect(card.status?.rawValue == held.status)
            #expect(card.secondLine == held.secondLine)
            #expect(card.lastFourDigits == held.primaryAccountNumbers.map(\.fourDigit))
            #expect(card.cardLimit?.formattedValue == held.cardLimit?.value)
            #expect(card.countryPermissions?.map(\.country) == held.countryPermission.map(\.country))
            #expect(card.fallbackAccountId == held.monetaryAccountIdFallback)
            #expect(card.primaryAccountId == held.pinCodeAssignment.first?.monetaryAccountId)
            #expect(card.labelMonetaryAccountCurrent?.iban != nil)
            #expect(card.created?.bunqString == held.created)
        }
    }

    @Test func anUpdateKeepsTheFallbackAndSendsWriteOnlyExpiry() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            let before = try await client.card(id: EmulatorFixture.activeCardId)
            let update = CardUpdate(
                fallbackAccount: FallbackAccount(current: before),
                cardLimitATM: BunqAPI.Amount(parsing: "0", currency: "EUR"),
                countryPermissions: [
                    CardCountryPermission(country: "NL"),
                    CardCountryPermission(country: "US", expiryTime: .endOfDay(year: 2030, month: 12, day: 31))
                ])
            let result = try await client.updateCard(id: before.id, update)
            #expect(result.value?.cardId == before.id)
            let after = try await client.card(id: before.id)
            #expect(after.fallbackAccountId == EmulatorFixture.bufferAccountId)
            #expect(after.cardLimitATM?.value == 0)
            #expect(after.cardLimit == before.cardLimit)
            #expect(Set(after.countryPermissions?.map(\.country) ?? []) == ["NL", "US"])
            let held = try #require(fixture.emulator.snapshot().cards.first { $0.id == before.id })
            #expect(held.countryPermission.first { $0.country == "US" }?.expiryTime == "2030-12-31 23:59:59.000000")
            let put = try #require(fixture.calls("PUT", "/user/{id}/card/{id}").last)
            #expect(put.requestBodyText.contains(#""monetary_account_id_fallback":2078790"#))
        }
    }

    @Test func clearingTheFallbackLeavesTheFieldOut() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            #expect(try await client.card(id: EmulatorFixture.activeCardId).fallbackAccountId != nil)
            _ = try await client.updateCard(id: EmulatorFixture.activeCardId, CardUpdate(fallbackAccount: .none))
            #expect(try await client.card(id: EmulatorFixture.activeCardId).fallbackAccountId == nil)
            let put = try #require(fixture.calls("PUT", "/user/{id}/card/{id}").last)
            #expect(put.requestBodyText == "{}")
        }
    }

    @Test func aCardPutAnsweredWithAWholeCardIsRead() async throws {
        var state = EmulatorState.demo()
        state.options.cardPutResponse = "card"
        try await withEmulator(state: state) { fixture in
            let result = try await fixture.client().updateCard(
                id: EmulatorFixture.activeCardId,
                CardUpdate(fallbackAccount: .account(EmulatorFixture.bufferAccountId), status: .deactivated))
            guard case .card(let card)? = result.value else {
                Issue.record("expected a whole card, got \(result)")
                return
            }
            #expect(card.id == EmulatorFixture.activeCardId)
            #expect(card.status == .deactivated)
        }
    }
}
