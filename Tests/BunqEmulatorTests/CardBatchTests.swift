import BunqEmulator
import Foundation
import Testing

@Suite("card-batch rules")
struct CardBatchTests {
    func card(_ server: BunqEmulatorServer, _ id: Int) -> Card {
        server.snapshot().cards.first { $0.id == id }!
    }

    func path(_ client: BunqTestClient) -> String { "/user/\(client.userId)/card-batch" }

    static let limit = ["value": "321.00", "currency": "EUR"]

    @Test("a batch changes each card as a PUT would, answers updated_card_ids, and removes a fallback an entry leaves out")
    func batchUpdatesEveryCard() async throws {
        try await withSession { server, client async throws in
            #expect(card(server, DemoCards.virtualShopping).monetaryAccountIdFallback == DemoCards.bufferAccount)
            let response = try await client.send(
                .POST, path(client),
                json: [
                    "cards": [
                        ["id": DemoCards.aliceTravel, "card_limit_atm": Self.limit, "country_permission": [["country": "NL"]]],
                        ["id": DemoCards.groceries, "status": "DEACTIVATED", "monetary_account_id_fallback": DemoCards.bufferAccount],
                        ["id": DemoCards.virtualShopping, "card_limit": Self.limit]
                    ]
                ])
            #expect(response.status == 200, "\(response.text)")
            #expect(client.isSignedByServer(response))
            let ids = (response.first("CardBatch")?["updated_card_ids"] as? [[String: Any]])?.compactMap { $0["id"] as? Int }
            #expect(ids == [DemoCards.aliceTravel, DemoCards.groceries, DemoCards.virtualShopping])
            #expect(card(server, DemoCards.aliceTravel).cardLimitAtm?.value == "321.00")
            #expect(card(server, DemoCards.aliceTravel).countryPermission.map(\.country) == ["NL"])
            #expect(card(server, DemoCards.groceries).status == "DEACTIVATED")
            #expect(card(server, DemoCards.groceries).monetaryAccountIdFallback == DemoCards.bufferAccount)
            #expect(card(server, DemoCards.virtualShopping).monetaryAccountIdFallback == nil)
        }
    }

    @Test("unknown fields, a missing id and fields only a PUT takes refuse the whole batch")
    func unknownFieldsRefuseTheBatch() async throws {
        try await withSession { server, client async throws in
            let before = server.snapshot().cards
            for body: [String: Any] in [
                ["cards": [["id": DemoCards.groceries, "card_limit": Self.limit]], "dry_run": true],
                ["cards": [["id": DemoCards.groceries, "second_line": "Food"]]],
                ["cards": [["id": DemoCards.groceries, "pin_code_assignment": []]]],
                ["cards": [["card_limit": Self.limit]]],
                ["cards": [["id": DemoCards.groceries], ["id": DemoCards.groceries]]],
                [:]
            ] {
                let response = try await client.send(.POST, path(client), json: body)
                #expect(response.status == 400, "\(body): \(response.text)")
                #expect(!response.errors.isEmpty)
            }
            #expect(server.snapshot().cards == before)
        }
    }

    @Test("by default one card that cannot change refuses the batch and nothing changes")
    func atomicBatchRefusesWhole() async throws {
        try await withSession { server, client async throws in
            let before = server.snapshot().cards
            let response = try await client.send(
                .POST, path(client),
                json: ["cards": [["id": DemoCards.groceries, "card_limit": Self.limit], ["id": DemoCards.cancelled, "status": "ACTIVE"]]])
            #expect(response.status == 400)
            #expect(server.snapshot().cards == before)
        }
    }

    @Test("with card_batch partial the cards that cannot change are left out of updated_card_ids")
    func partialBatchLeavesOut() async throws {
        var state = EmulatorState.demo()
        state.options.cardBatch = .partial
        try await withSession(state: state) { server, client async throws in
            let response = try await client.send(
                .POST, path(client),
                json: [
                    "cards": [
                        ["id": DemoCards.groceries, "card_limit": Self.limit], ["id": DemoCards.cancelled, "status": "ACTIVE"],
                        ["id": 999_999, "status": "ACTIVE"]
                    ]
                ])
            #expect(response.status == 200)
            let ids = (response.first("CardBatch")?["updated_card_ids"] as? [[String: Any]])?.compactMap { $0["id"] as? Int }
            #expect(ids == [DemoCards.groceries])
            #expect(card(server, DemoCards.groceries).cardLimit?.value == "321.00")
            #expect(card(server, DemoCards.cancelled).status == "CANCELLED")
        }
    }

    @Test(
        "the endpoint can be absent, refuse POST, or have a maximum size",
        arguments: [(EmulatorOptions.CardBatchMode.notFound, nil, 404), (.methodNotAllowed, nil, 405), (.atomic, 1, 400)]
            as [(EmulatorOptions.CardBatchMode, Int?, Int)])
    func switchedOffOrLimited(mode: EmulatorOptions.CardBatchMode, most: Int?, status: Int) async throws {
        var state = EmulatorState.demo()
        state.options.cardBatch = mode
        state.options.cardBatchMaxCards = most
        try await withSession(state: state) { server, client async throws in
            let before = server.snapshot().cards
            let response = try await client.send(
                .POST, path(client),
                json: ["cards": [["id": DemoCards.groceries, "card_limit": Self.limit], ["id": DemoCards.aliceTravel, "card_limit": Self.limit]]])
            #expect(response.status == status, "\(response.text)")
            #expect(server.snapshot().cards == before)
        }
    }

    @Test("a batch request id is refused the second time, and the state file remembers the switches")
    func requestIdAndOptions() async throws {
        try await withSession { _, client async throws in
            let body: [String: Any] = ["cards": [["id": DemoCards.groceries, "card_limit": Self.limit]]]
            #expect(try await client.send(.POST, path(client), json: body, requestId: "batch-1").status == 200)
            #expect(try await client.send(.POST, path(client), json: body, requestId: "batch-1").status == 400)
        }
        let file = temporaryPath("state.json")
        var state = EmulatorState.demo()
        state.options.cardBatch = .methodNotAllowed
        state.options.cardBatchMaxCards = 50
        try state.save(to: file)
        let loaded = try EmulatorState.load(from: file)
        #expect(loaded.options.cardBatch == .methodNotAllowed && loaded.options.cardBatchMaxCards == 50)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("method_not_allowed"))
    }
}
