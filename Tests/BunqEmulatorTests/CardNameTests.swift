import BunqEmulator
import Foundation
import Testing

@Suite("card names: limits and the switchable reprint")
struct CardNameTests {
    func card(_ server: BunqEmulatorServer, _ id: Int) -> Card {
        server.snapshot().cards.first { $0.id == id }!
    }

    @Test("preferred_name_on_card is at most 40 characters and is returned")
    func preferredNameLimit() async throws {
        try await withSession { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            let forty = String(repeating: "a", count: 40)
            #expect(try await client.send(.PUT, path, json: ["preferred_name_on_card": forty]).status == 200)
            #expect(card(server, DemoCards.groceries).preferredNameOnCard == forty)
            let refused = try await client.send(.PUT, path, json: ["preferred_name_on_card": forty + "a"])
            #expect(refused.status == 400)
            #expect(card(server, DemoCards.groceries).preferredNameOnCard == forty)
            let read = try await client.send(.GET, path)
            #expect(read.first("Card")?["preferred_name_on_card"] as? String == forty)
        }
    }

    @Test("a new name on a physical card orders a reprint; the same name, or a virtual card, does not")
    func reprintOnRename() async throws {
        try await withSession { server, client async throws in
            let groceries = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            // The name it already has changes nothing.
            #expect(try await client.send(.PUT, groceries, json: ["second_line": "Groceries"]).status == 200)
            #expect(card(server, DemoCards.groceries).orderStatus == "DELIVERED_TO_CUSTOMER")
            #expect(try await client.send(.PUT, groceries, json: ["second_line": "Food"]).status == 200)
            #expect(card(server, DemoCards.groceries).orderStatus == "CARD_UPDATE_REQUESTED")
            #expect(card(server, DemoCards.groceries).secondLine == "Food")

            let travel = "/user/\(client.userId)/card/\(DemoCards.aliceTravel)"
            let named = try await client.send(
                .PUT, travel, json: ["preferred_name_on_card": "Alice de Vries", "monetary_account_id_fallback": DemoCards.bufferAccount])
            #expect(named.status == 200)
            #expect(card(server, DemoCards.aliceTravel).orderStatus == "CARD_UPDATE_REQUESTED")

            let virtual = "/user/\(client.userId)/card/\(DemoCards.virtualShopping)"
            #expect(
                try await client.send(.PUT, virtual, json: ["second_line": "Online", "monetary_account_id_fallback": DemoCards.bufferAccount])
                    .status == 200)
            #expect(card(server, DemoCards.virtualShopping).orderStatus == "VIRTUAL_DELIVERY")
        }
    }

    @Test("options.name_change_reprints false keeps the order status; the configuration overrides the state")
    func reprintSwitchedOff() async throws {
        var state = EmulatorState.demo()
        state.options.nameChangeReprints = false
        try await withSession(state: state) { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            #expect(try await client.send(.PUT, path, json: ["second_line": "Food"]).status == 200)
            #expect(card(server, DemoCards.groceries).secondLine == "Food")
            #expect(card(server, DemoCards.groceries).orderStatus == "DELIVERED_TO_CUSTOMER")
        }
        try await withSession(EmulatorConfiguration(rateLimits: .off, nameChangeReprints: true), state: state) { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            #expect(try await client.send(.PUT, path, json: ["second_line": "Food"]).status == 200)
            #expect(card(server, DemoCards.groceries).orderStatus == "CARD_UPDATE_REQUESTED")
        }
        try await withSession(EmulatorConfiguration(rateLimits: .off, nameChangeReprints: false)) { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            #expect(try await client.send(.PUT, path, json: ["second_line": "Food"]).status == 200)
            #expect(card(server, DemoCards.groceries).orderStatus == "DELIVERED_TO_CUSTOMER")
        }
    }

    @Test("a state file without the switch reads it as on")
    func switchDefaultsOn() throws {
        let options = try JSONDecoder().decode(EmulatorOptions.self, from: Data(#"{"cardPutResponse": "card"}"#.utf8))
        #expect(options.nameChangeReprints && options.cardPutResponse == "card")
        #expect(try JSONDecoder().decode(EmulatorOptions.self, from: Data("{}".utf8)) == EmulatorOptions())
    }
}
