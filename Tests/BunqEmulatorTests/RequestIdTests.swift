import BunqEmulator
import Foundation
import Testing

@Suite("X-Bunq-Client-Request-Id")
struct RequestIdTests {
    @Test("the id is echoed and every answer carries a response id")
    func echo() async throws {
        try await withSession { _, client async throws in
            let response = try await client.send(.GET, "/user/\(client.userId)/card", requestId: "my-id-1")
            #expect(response.headers.first(name: "X-Bunq-Client-Request-Id") == "my-id-1")
            let responseId = try #require(response.headers.first(name: "X-Bunq-Client-Response-Id"))
            #expect(UUID(uuidString: responseId) != nil)
            let failed = try await client.send(.GET, "/user/\(client.userId)/card/1", requestId: "my-id-2")
            #expect(failed.status == 404)
            #expect(failed.headers.first(name: "X-Bunq-Client-Response-Id") != nil)
        }
    }

    @Test("a reused id is 400 with an Error body and changes nothing")
    func reuseIsRefused() async throws {
        try await withSession { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            let first = try await client.send(.PUT, path, json: ["card_limit": ["value": "321.00", "currency": "EUR"]], requestId: "put-1")
            #expect(first.status == 200)
            let again = try await client.send(.PUT, path, json: ["card_limit": ["value": "999.00", "currency": "EUR"]], requestId: "put-1")
            #expect(again.status == 400)
            #expect(again.errors.first?.contains("already been used") == true)
            #expect(again.headers.first(name: "X-Bunq-Server-Signature") == nil)
            let card = try #require(server.snapshot().cards.first { $0.id == DemoCards.groceries })
            #expect(card.cardLimit?.value == "321.00")
            // GETs use ids too, and a GET cannot reuse a PUT's id.
            #expect(try await client.send(.GET, path, requestId: "put-1").status == 400)
            #expect(try await client.send(.GET, path, requestId: "get-1").status == 200)
        }
    }

    @Test("ids are per device: another installation may use the same id")
    func perDevice() async throws {
        try await withEmulator { server async throws in
            let alice = BunqTestClient(server)
            try await alice.createContext(apiKey: "a")
            let bob = BunqTestClient(server)
            try await bob.createContext(apiKey: "b")
            #expect(try await alice.send(.GET, "/user", requestId: "shared").status == 200)
            #expect(try await bob.send(.GET, "/user", requestId: "shared").status == 200)
            #expect(try await bob.send(.GET, "/user", requestId: "shared").status == 400)
        }
    }

    @Test("used ids survive a restart with the same state file")
    func persisted() async throws {
        let path = temporaryPath("state.json")
        let client = try await withEmulator(EmulatorConfiguration(statePath: path, rateLimits: .off)) { server async throws in
            let client = BunqTestClient(server)
            try await client.createContext()
            let put = try await client.send(
                .PUT, "/user/\(client.userId)/card/\(DemoCards.groceries)",
                json: ["second_line": "Food"], requestId: "once")
            #expect(put.status == 200)
            return client
        }
        try await withEmulator(EmulatorConfiguration(statePath: path, rateLimits: .off)) { server async throws in
            let again = BunqTestClient(baseURL: server.baseURL)
            again.sessionToken = client.sessionToken
            again.serverPublicKey = client.serverPublicKey
            let replay = try await again.send(
                .PUT, "/user/\(client.userId)/card/\(DemoCards.groceries)",
                json: ["second_line": "Food 2"], requestId: "once")
            #expect(replay.status == 400)
            let read = try await again.send(.GET, "/user/\(client.userId)/card/\(DemoCards.groceries)")
            #expect(read.first("Card")?["second_line"] as? String == "Food")
            #expect(again.isSignedByServer(read))
        }
    }
}
