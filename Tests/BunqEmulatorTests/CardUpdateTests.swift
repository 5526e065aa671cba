import BunqEmulator
import Foundation
import Testing

@Suite("card PUT rules")
struct CardUpdateTests {
    func card(_ server: BunqEmulatorServer, _ id: Int) -> Card {
        server.snapshot().cards.first { $0.id == id }!
    }

    @Test("omitting monetary_account_id_fallback removes the fallback; sending it keeps it")
    func fallbackRemovedWhenOmitted() async throws {
        try await withSession { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.aliceTravel)"
            let kept = try await client.send(
                .PUT, path,
                json: [
                    "card_limit": ["value": "800.00", "currency": "EUR"], "monetary_account_id_fallback": DemoCards.bufferAccount
                ])
            #expect(kept.status == 200)
            #expect(card(server, DemoCards.aliceTravel).monetaryAccountIdFallback == DemoCards.bufferAccount)
            let dropped = try await client.send(.PUT, path, json: ["card_limit": ["value": "700.00", "currency": "EUR"]])
            #expect(dropped.status == 200)
            #expect(card(server, DemoCards.aliceTravel).monetaryAccountIdFallback == nil)
            let read = try await client.send(.GET, path)
            #expect(read.first("Card")?["monetary_account_id_fallback"] is NSNull)
            #expect((read.first("Card")?["card_limit"] as? [String: Any])?["value"] as? String == "700.00")
        }
    }

    @Test("PUT answers {Id} by default, the whole card when the state says so")
    func putResponseShape() async throws {
        try await withSession { _, client async throws in
            let response = try await client.send(.PUT, "/user/\(client.userId)/card/\(DemoCards.groceries)", json: ["second_line": "Food"])
            #expect((response.first("Id"))?["id"] as? Int == DemoCards.groceries)
            #expect(client.isSignedByServer(response))
        }
        var state = EmulatorState.demo()
        state.options.cardPutResponse = "card"
        try await withSession(state: state) { _, client async throws in
            let response = try await client.send(.PUT, "/user/\(client.userId)/card/\(DemoCards.groceries)", json: ["second_line": "Food"])
            #expect(response.first("Card")?["second_line"] as? String == "Food")
        }
    }

    @Test("country_permission replaces the list; expiry_time is recorded but never returned")
    func countryPermissionReplaced() async throws {
        try await withSession { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.aliceTravel)"
            let response = try await client.send(
                .PUT, path,
                json: [
                    "country_permission": [["country": "NL"], ["country": "US", "expiry_time": "2026-12-31 23:59:59.000000"]],
                    "monetary_account_id_fallback": DemoCards.bufferAccount
                ])
            #expect(response.status == 200)
            let stored = card(server, DemoCards.aliceTravel).countryPermission
            #expect(stored.map(\.country) == ["NL", "US"])
            #expect(stored.map(\.expiryTime) == [nil, "2026-12-31 23:59:59.000000"])
            let read = try await client.send(.GET, path)
            let permissions = try #require(read.first("Card")?["country_permission"] as? [[String: Any]])
            #expect(permissions.compactMap { $0["country"] as? String } == ["NL", "US"])
            #expect(permissions.allSatisfy { $0["expiry_time"] == nil })
            #expect(!read.text.contains("2026-12-31"))
        }
    }

    @Test("country_permission refuses bad codes, duplicates, ids and malformed expiry times")
    func countryPermissionValidation() async throws {
        try await withSession { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.aliceTravel)"
            let before = card(server, DemoCards.aliceTravel)
            for bad: [[String: Any]] in [
                [["country": "XX"]], [["country": "NL"], ["country": "NL"]], [["country": "NL", "id": 5]],
                [["country": "NL", "expiry_time": "2026-12-31T23:59:59Z"]], [["country": "nl"]]
            ] {
                let response = try await client.send(.PUT, path, json: ["country_permission": bad])
                #expect(response.status == 400, "\(bad)")
            }
            #expect(card(server, DemoCards.aliceTravel) == before)
        }
    }

    @Test("LOST, STOLEN, CANCELLED are permanent; EXPIRED cannot be set or left")
    func irreversibleStatuses() async throws {
        try await withSession { server, client async throws in
            let groceries = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            #expect(try await client.send(.PUT, groceries, json: ["status": "EXPIRED"]).status == 400)
            #expect(try await client.send(.PUT, groceries, json: ["status": "PIN_TRIES_EXCEEDED"]).status == 400)
            #expect(try await client.send(.PUT, groceries, json: ["status": "FROZEN"]).status == 400)
            let cancel = try await client.send(.PUT, groceries, json: ["status": "CANCELLED", "cancellation_reason": "NO_LONGER_NEEDED"])
            #expect(cancel.status == 200)
            #expect(card(server, DemoCards.groceries).status == "CANCELLED")
            let back = try await client.send(.PUT, groceries, json: ["status": "ACTIVE"])
            #expect(back.status == 400)
            #expect(back.errors == ["This card is CANCELLED and can no longer be changed."])
            #expect(card(server, DemoCards.groceries).status == "CANCELLED")
            let expired = "/user/\(client.userId)/card/\(DemoCards.expiredMaestro)"
            #expect(try await client.send(.PUT, expired, json: ["status": "ACTIVE"]).status == 400)
            // The read-back never shows the write-only cancellation reason.
            #expect(!(try await client.send(.GET, groceries)).text.contains("NO_LONGER_NEEDED"))
        }
    }

    @Test("ACTIVE and DEACTIVATED go back and forth once delivered; a replaced card stays off")
    func reversibleStatuses() async throws {
        try await withSession { server, client async throws in
            let virtual = "/user/\(client.userId)/card/\(DemoCards.virtualShopping)"
            #expect(try await client.send(.PUT, virtual, json: ["status": "ACTIVE"]).status == 200)
            #expect(card(server, DemoCards.virtualShopping).status == "ACTIVE")
            #expect(try await client.send(.PUT, virtual, json: ["status": "DEACTIVATED"]).status == 200)
            #expect(card(server, DemoCards.virtualShopping).status == "DEACTIVATED")
            let replaced = try await client.send(.PUT, "/user/\(client.userId)/card/\(DemoCards.replaced)", json: ["status": "ACTIVE"])
            #expect(replaced.status == 400)
        }
    }

    @Test("status changes are gated on order_status")
    func orderStatusGating() async throws {
        try await withSession { server, client async throws in
            server.mutate { state in
                let index = state.cards.firstIndex { $0.id == DemoCards.groceries }!
                state.cards[index].orderStatus = "SENT_FOR_PRODUCTION"
                state.cards[index].status = "DEACTIVATED"
                let other = state.cards.firstIndex { $0.id == DemoCards.aliceTravel }!
                state.cards[other].orderStatus = "ACCEPTED_FOR_PRODUCTION"
            }
            let inProduction = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            #expect(try await client.send(.PUT, inProduction, json: ["status": "CANCELLED"]).status == 400)
            #expect(try await client.send(.PUT, inProduction, json: ["status": "ACTIVE"]).status == 400)
            let accepted = "/user/\(client.userId)/card/\(DemoCards.aliceTravel)"
            // Not yet delivered: cannot be deactivated, but can already be cancelled.
            #expect(try await client.send(.PUT, accepted, json: ["status": "DEACTIVATED"]).status == 400)
            #expect(try await client.send(.PUT, accepted, json: ["status": "STOLEN"]).status == 200)
            #expect(card(server, DemoCards.aliceTravel).status == "STOLEN")
            #expect(try await client.send(.PUT, accepted, json: ["order_status": "SENT_FOR_PRODUCTION"]).status == 400)
        }
    }

    @Test("only CARD_REQUEST_PENDING may be written to order_status")
    func orderStatusWrite() async throws {
        try await withSession { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.virtualShopping)"
            #expect(try await client.send(.PUT, path, json: ["order_status": "DELIVERED_TO_CUSTOMER"]).status == 400)
            #expect(try await client.send(.PUT, path, json: ["order_status": "CARD_REQUEST_PENDING"]).status == 200)
            #expect(card(server, DemoCards.virtualShopping).orderStatus == "CARD_REQUEST_PENDING")
        }
    }

    @Test("unknown and read-only fields are superfluous, each named")
    func superfluousFields() async throws {
        try await withSession { server, client async throws in
            let before = server.snapshot()
            let response = try await client.send(
                .PUT, "/user/\(client.userId)/card/\(DemoCards.groceries)",
                json: ["second_line": "x", "name_on_card": "Bob", "notification_filters": []])
            #expect(response.status == 400)
            #expect(Set(response.errors) == ["Superfluous field \"name_on_card\".", "Superfluous field \"notification_filters\"."])
            #expect(server.snapshot().cards == before.cards)
        }
    }

    @Test("malformed amounts are refused: numbers, commas, three decimals, negative, bad currency")
    func malformedAmounts() async throws {
        try await withSession { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            let before = card(server, DemoCards.groceries)
            for amount: [String: Any] in [
                ["value": 12.5, "currency": "EUR"], ["value": "12,50", "currency": "EUR"], ["value": "1.234", "currency": "EUR"],
                ["value": "-5.00", "currency": "EUR"], ["value": "1e3", "currency": "EUR"], ["value": "10.00", "currency": "eur"],
                ["value": "10.00", "currency": "USD"], ["value": "", "currency": "EUR"], ["currency": "EUR"]
            ] {
                let response = try await client.send(.PUT, path, json: ["card_limit": amount])
                #expect(response.status == 400, "\(amount)")
                #expect(!response.errors.isEmpty)
            }
            #expect(card(server, DemoCards.groceries) == before)
            let normalised = try await client.send(.PUT, path, json: ["card_limit_atm": ["value": "50", "currency": "EUR"]])
            #expect(normalised.status == 200)
            #expect(card(server, DemoCards.groceries).cardLimitAtm?.value == "50.00")
        }
    }

    @Test("pin_code_assignment replaces the routing and must name the user's accounts")
    func pinAssignment() async throws {
        try await withSession { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            let moved = try await client.send(
                .PUT, path,
                json: [
                    "pin_code_assignment": [["type": "PRIMARY", "routing_type": "MANUAL", "monetary_account_id": DemoCards.bufferAccount]]
                ])
            #expect(moved.status == 200)
            #expect(card(server, DemoCards.groceries).primaryAccountId == DemoCards.bufferAccount)
            let label = try await client.send(.GET, path).first("Card")?["label_monetary_account_current"] as? [String: Any]
            #expect(label?["iban"] as? String == "NL48BUNQ2078790002")
            #expect(try await client.send(.PUT, path, json: ["pin_code_assignment": [["type": "PRIMARY", "monetary_account_id": 1]]]).status == 400)
            #expect(try await client.send(.PUT, path, json: ["monetary_account_id_fallback": 1]).status == 400)
        }
    }

    @Test("second_line is at most 17 characters")
    func secondLineLength() async throws {
        try await withSession { _, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            #expect(try await client.send(.PUT, path, json: ["second_line": "12345678901234567"]).status == 200)
            #expect(try await client.send(.PUT, path, json: ["second_line": "123456789012345678"]).status == 400)
        }
    }
}

@Suite("another company user's card")
struct EmployeeCardUpdateTests {
    @Test("is listed with its holder, and a PUT to it is allowed or refused as the state says")
    func employeeCardChanges() async throws {
        try await withSession { server, client async throws in
            let listed = try await client.send(.GET, "/user/\(client.userId)/card/\(DemoCards.office)")
            #expect(listed.first("Card")?["user_holder_id"] as? Int == 2_078_610)
            #expect(listed.first("Card")?["user_owner_id"] as? Int == DemoCards.userId)
            let put = try await client.send(
                .PUT, "/user/\(client.userId)/card/\(DemoCards.office)", json: ["card_limit_atm": ["value": "50.00", "currency": "EUR"]])
            #expect(put.status == 200)
            #expect(server.snapshot().cards.first { $0.id == DemoCards.office }?.cardLimitAtm?.value == "50.00")
        }
        var state = EmulatorState.demo()
        state.options.employeeCardChanges = .refuse
        try await withSession(state: state) { server, client async throws in
            let put = try await client.send(
                .PUT, "/user/\(client.userId)/card/\(DemoCards.office)", json: ["card_limit_atm": ["value": "50.00", "currency": "EUR"]])
            #expect(put.status == 403)
            #expect(put.errors.first?.contains("another user of the company") == true)
            #expect(server.snapshot().cards.first { $0.id == DemoCards.office }?.cardLimitAtm?.value == "100.00")
            // The user's own cards are not affected.
            let own = try await client.send(.PUT, "/user/\(client.userId)/card/\(DemoCards.groceries)", json: ["second_line": "Food"])
            #expect(own.status == 200)
        }
    }

    @Test("a state file written before the switch existed reads with changes allowed")
    func olderStateOptions() throws {
        let options = try JSONDecoder().decode(EmulatorOptions.self, from: Data(#"{"cardPutResponse": "card"}"#.utf8))
        #expect(options.cardPutResponse == "card" && options.employeeCardChanges == .allow)
    }
}
