import BunqEmulator
import Foundation
import Testing

/// `primary_account_numbers` in a card PUT: the numbers of an online card, each by its id.
@Suite("card number PUT rules")
struct CardNumberUpdateTests {
    static let shoppingNumber = 2_079_061
    static let awsNumber = 2_079_064

    func numbers(_ server: BunqEmulatorServer) -> [PrimaryAccountNumber] {
        server.snapshot().cards.first { $0.id == DemoCards.virtualShopping }!.primaryAccountNumbers
    }

    @Test("the demo's virtual card holds two virtual numbers, both readable by their last four digits")
    func demoNumbers() async throws {
        try await withSession { _, client async throws in
            let read = try await client.send(.GET, "/user/\(client.userId)/card/\(DemoCards.virtualShopping)")
            let pans = try #require(read.first("Card")?["primary_account_numbers"] as? [[String: Any]])
            #expect(pans.map { $0["four_digit"] as? String } == ["7713", "5120"])
            #expect(pans.map { $0["description"] as? String } == ["Virtual Shopping", "AWS"])
            #expect(pans.map { $0["type"] as? String } == ["VIRTUAL", "VIRTUAL"])
        }
    }

    @Test("a CANCELLED number refuses any change with a 400, and accepts its own state repeated")
    func cancelledNumberIsPermanent() async throws {
        try await withSession { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.virtualShopping)"
            func put(_ entries: [[String: Any]]) async throws -> BunqTestClient.Response {
                try await client.send(
                    .PUT, path, json: ["primary_account_numbers": entries, "monetary_account_id_fallback": DemoCards.bufferAccount])
            }
            let cancel = try await put([["id": Self.awsNumber, "description": "AWS", "status": "CANCELLED"]])
            #expect(cancel.status == 200, "\(cancel.text)")
            let cancelled = numbers(server)
            #expect(cancelled.map(\.status) == ["ACTIVE", "CANCELLED"])

            for change: [String: Any] in [
                ["id": Self.awsNumber, "status": "ACTIVE"], ["id": Self.awsNumber, "status": "DEACTIVATED"],
                ["id": Self.awsNumber, "description": "AWS again"],
                ["id": Self.awsNumber, "monetary_account_id": DemoCards.mainAccount]
            ] {
                let refused = try await put([["id": Self.shoppingNumber, "description": "Renamed"], change])
                #expect(refused.status == 400, "\(change)")
                #expect(refused.text.contains("The card number ending in 5120 is CANCELLED and can no longer be changed."), "\(refused.text)")
                // A refused PUT changes nothing, the other number included.
                #expect(numbers(server) == cancelled)
            }
            // The complete list, the cancelled number as it is, is accepted.
            let complete = try await put([
                ["id": Self.shoppingNumber, "description": "Renamed", "status": "ACTIVE"],
                ["id": Self.awsNumber, "description": "AWS", "status": "CANCELLED"]
            ])
            #expect(complete.status == 200, "\(complete.text)")
            #expect(numbers(server).map(\.description) == ["Renamed", "AWS"])
        }
    }
}
