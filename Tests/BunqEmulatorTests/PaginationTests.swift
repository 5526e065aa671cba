import BunqEmulator
import Foundation
import Testing

@Suite("card listing and pagination")
struct PaginationTests {
    @Test("450 cards at count=200: pages of 200, 200, 50, newest first, following older_url")
    func walkOlderUrl() async throws {
        try await withSession(state: .generated(cards: 450, seed: 7)) { server, client async throws in
            var path: String? = "/user/\(client.userId)/card?count=200"
            var pages: [[Int]] = []
            while let next = path {
                let response = try await client.send(.GET, next)
                #expect(response.status == 200)
                #expect(client.isSignedByServer(response))
                pages.append(response.all("Card").compactMap { $0["id"] as? Int })
                let pagination = try #require(response.object["Pagination"] as? [String: Any])
                let older = pagination["older_url"] as? String
                #expect(older == nil || older!.hasPrefix("/v1/user/\(client.userId)/card?count=200&older_id="))
                path = older.map { String($0.dropFirst(3)) }
            }
            #expect(pages.map(\.count) == [200, 200, 50])
            let all = pages.flatMap { $0 }
            #expect(all == server.snapshot().cards.map(\.id).sorted(by: >))
            #expect(Set(all).count == 450)
        }
    }

    @Test("the first page has a future_url, a later page a newer_url, and newer_id walks back up")
    func newerUrls() async throws {
        try await withSession(state: .generated(cards: 25, seed: 1)) { _, client async throws in
            let first = try await client.send(.GET, "/user/\(client.userId)/card?count=10")
            let firstPagination = try #require(first.object["Pagination"] as? [String: Any])
            #expect(firstPagination["newer_url"] is NSNull)
            #expect((firstPagination["future_url"] as? String)?.contains("newer_id=") == true)
            let olderPath = String(try #require(firstPagination["older_url"] as? String).dropFirst(3))
            let second = try await client.send(.GET, olderPath)
            let secondPagination = try #require(second.object["Pagination"] as? [String: Any])
            #expect(secondPagination["future_url"] is NSNull)
            let newerPath = String(try #require(secondPagination["newer_url"] as? String).dropFirst(3))
            let back = try await client.send(.GET, newerPath)
            #expect(back.all("Card").compactMap { $0["id"] as? Int } == first.all("Card").compactMap { $0["id"] as? Int })
        }
    }

    @Test("count defaults to 10 and must be 1 to 200")
    func countBounds() async throws {
        try await withSession(state: .generated(cards: 30, seed: 2)) { _, client async throws in
            #expect(try await client.send(.GET, "/user/\(client.userId)/card").all("Card").count == 10)
            #expect(try await client.send(.GET, "/user/\(client.userId)/card?count=201").status == 400)
            #expect(try await client.send(.GET, "/user/\(client.userId)/card?count=0").status == 400)
            #expect(try await client.send(.GET, "/user/\(client.userId)/card?count=ten").status == 400)
        }
    }

    @Test("the listed card carries bunq's fields, and none that are write-only")
    func cardFields() async throws {
        try await withSession { _, client async throws in
            let response = try await client.send(.GET, "/user/\(client.userId)/card/\(DemoCards.aliceTravel)")
            let card = try #require(response.first("Card"))
            #expect(card["second_line"] as? String == "Alice Travel")
            #expect(card["type"] as? String == "MASTERCARD")
            #expect(card["status"] as? String == "ACTIVE")
            let pans = try #require(card["primary_account_numbers"] as? [[String: Any]])
            #expect(pans.first?["four_digit"] as? String == "8069")
            #expect((card["card_limit"] as? [String: Any])?["value"] as? String == "1000.00")
            #expect(card["monetary_account_id_fallback"] as? Int == DemoCards.bufferAccount)
            let pin = try #require((card["pin_code_assignment"] as? [[String: Any]])?.first)
            #expect(pin["monetary_account_id"] as? Int == DemoCards.mainAccount)
            let label = try #require(card["label_monetary_account_current"] as? [String: Any])
            #expect(label["iban"] as? String == "NL90BUNQ2078781001")
            #expect(label["id"] == nil)
            for permission in try #require(card["country_permission"] as? [[String: Any]]) {
                #expect(Set(permission.keys) == ["id", "country"])
            }
            #expect(card["primary_account_number_four_digit"] == nil)
        }
    }
}
