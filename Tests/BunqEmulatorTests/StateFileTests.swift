import BunqEmulator
import Foundation
import Testing

@Suite("the state file")
struct StateFileTests {
    @Test("a missing file is created with the documented demo state")
    func demoCreated() async throws {
        let path = temporaryPath("fresh.json")
        try await withEmulator(EmulatorConfiguration(statePath: path)) { _ in
            #expect(FileManager.default.fileExists(atPath: path))
        }
        let state = try EmulatorState.load(from: path)
        var expected = EmulatorState.demo()
        expected.apiContext.serverPrivateKeyPem = state.apiContext.serverPrivateKeyPem
        #expect(state == expected)
        #expect(state.cards.map(\.status) == ["EXPIRED", "CANCELLED", "DEACTIVATED", "ACTIVE", "ACTIVE", "DEACTIVATED", "ACTIVE"])
        #expect(state.cards.contains { $0.userHolderId != nil && $0.userHolderId != state.user.id })
        #expect(state.cards.first { $0.last4 == "8069" }?.secondLine == "Alice Travel")
        #expect(state.cards.contains { $0.secondLine.hasPrefix("Virtual") && $0.status == "DEACTIVATED" })
        #expect(state.cards.contains { $0.subStatus == "REPLACED" })
        #expect(state.monetaryAccounts.map(\.description) == ["Main", "Buffer", "prepaid credit card"])
    }

    @Test("the file is JSON with sorted snake_case keys, and has no write-only secrets of clients")
    func fileFormat() async throws {
        let path = temporaryPath("format.json")
        try await withEmulator(EmulatorConfiguration(statePath: path)) { server async throws in
            let client = BunqTestClient(server)
            try await client.createContext(apiKey: "super-secret-api-key")
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("super-secret-api-key"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "api_context", "cards", "certificate_pins", "format_version", "generated_cvc2",
                "monetary_accounts", "next_id", "notification_filters", "options", "user"
            ])
        let topKeys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { String($0.dropFirst(3).prefix { $0 != "\"" }) }
        #expect(topKeys == topKeys.sorted())
        #expect(text.contains("\"monetary_account_id_fallback\""))
    }

    @Test("each write is saved atomically, and a restart serves the saved state to the old session")
    func roundTrip() async throws {
        let path = temporaryPath("round-trip.json")
        let directory = (path as NSString).deletingLastPathComponent
        let client = try await withEmulator(EmulatorConfiguration(statePath: path, rateLimits: .off)) { server async throws in
            let client = BunqTestClient(server)
            try await client.createContext()
            let put = try await client.send(
                .PUT, "/user/\(client.userId)/card/\(DemoCards.aliceTravel)",
                json: [
                    "card_limit_atm": ["value": "0.00", "currency": "EUR"], "monetary_account_id_fallback": DemoCards.bufferAccount,
                    "country_permission": [["country": "NL"], ["country": "JP", "expiry_time": "2027-01-15 23:59:59.000000"]]
                ])
            #expect(put.status == 200)
            // Saved before the answer: the file already holds the change.
            let saved = try EmulatorState.load(from: path)
            #expect(saved.cards.first { $0.id == DemoCards.aliceTravel }?.cardLimitAtm?.value == "0.00")
            #expect(saved == server.snapshot() || saved.cards == server.snapshot().cards)
            return client
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["round-trip.json"])
        try await withEmulator(EmulatorConfiguration(statePath: path, rateLimits: .off)) { server async throws in
            let resumed = BunqTestClient(baseURL: server.baseURL)
            resumed.sessionToken = client.sessionToken
            resumed.serverPublicKey = client.serverPublicKey
            let card = try await resumed.send(.GET, "/user/\(client.userId)/card/\(DemoCards.aliceTravel)")
            #expect(card.status == 200)
            #expect(resumed.isSignedByServer(card))
            #expect((card.first("Card")?["card_limit_atm"] as? [String: Any])?["value"] as? String == "0.00")
            #expect(
                server.snapshot().cards.first { $0.id == DemoCards.aliceTravel }?.countryPermission.last?.expiryTime
                    == "2027-01-15 23:59:59.000000")
        }
    }

    @Test("EmulatorState survives encode and decode unchanged, the generated one too")
    func codableRoundTrip() throws {
        for state in [EmulatorState.demo(), EmulatorState.generated(cards: 300, seed: 9)] {
            let path = temporaryPath("codable.json")
            try state.save(to: path)
            #expect(try EmulatorState.load(from: path) == state)
        }
        #expect(EmulatorState.generated(cards: 50, seed: 3) == EmulatorState.generated(cards: 50, seed: 3))
        #expect(EmulatorState.generated(cards: 50, seed: 3) != EmulatorState.generated(cards: 50, seed: 4))
        let generated = EmulatorState.generated(cards: 10_000, seed: 1)
        #expect(Set(generated.cards.compactMap(\.last4)).count == 10_000)
    }

    @Test("a hand-written state file needs only user, monetary_accounts and cards")
    func minimalFile() async throws {
        let path = temporaryPath("minimal.json")
        var demo = EmulatorState.demo()
        demo.cards = Array(demo.cards.prefix(1))
        let full = try JSONSerialization.jsonObject(with: demo.encodedJSON()) as! [String: Any]
        let minimal = ["user": full["user"]!, "monetary_accounts": full["monetary_accounts"]!, "cards": full["cards"]!]
        try JSONSerialization.data(withJSONObject: minimal).write(to: URL(fileURLWithPath: path))
        try await withSession(EmulatorConfiguration(statePath: path, rateLimits: .off)) { server, client async throws in
            let list = try await client.send(.GET, "/user/\(client.userId)/card")
            #expect(list.all("Card").count == 1)
            #expect(server.snapshot().nextId > DemoCards.expiredMaestro)
        }
    }

    @Test("mutate changes the live state, as someone in the bunq app would")
    func mutate() async throws {
        try await withSession { server, client async throws in
            server.mutate { state in
                state.cards[state.cards.firstIndex { $0.id == DemoCards.groceries }!].cardLimit = StoredAmount(value: "2500.00")
            }
            let read = try await client.send(.GET, "/user/\(client.userId)/card/\(DemoCards.groceries)")
            #expect((read.first("Card")?["card_limit"] as? [String: Any])?["value"] as? String == "2500.00")
        }
    }
}
