import BunqEmulator
import Foundation
import Testing

@Suite("rate limits per method and path template")
struct RateLimitTests {
    static let limited = EmulatorConfiguration(rateLimits: .bunq)

    @Test("GET: 3 per 3 s per template, the 4th is 429 with bunq's text; all cards share one bucket")
    func gets() async throws {
        try await withSession(Self.limited) { _, client async throws in
            let base = "/user/\(client.userId)/card/"
            for card in [DemoCards.aliceTravel, DemoCards.groceries, DemoCards.cancelled] {
                #expect(try await client.send(.GET, base + "\(card)").status == 200)
            }
            let refused = try await client.send(.GET, base + "\(DemoCards.virtualShopping)")
            #expect(refused.status == 429)
            #expect(refused.errors == ["Too many requests. You can do a maximum of 3 calls per 3 second to this endpoint."])
            // Another template has its own window.
            #expect(try await client.send(.GET, "/user/\(client.userId)/card").status == 200)
            try await Task.sleep(nanoseconds: 3_100_000_000)
            #expect(try await client.send(.GET, base + "\(DemoCards.virtualShopping)").status == 200)
        }
    }

    @Test("PUT: 2 per 3 s; a refused PUT changes nothing")
    func puts() async throws {
        try await withSession(Self.limited) { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            let body: [String: Any] = ["second_line": "One", "monetary_account_id_fallback": DemoCards.bufferAccount]
            #expect(try await client.send(.PUT, path, json: body).status == 200)
            #expect(try await client.send(.PUT, "/user/\(client.userId)/card/\(DemoCards.aliceTravel)", json: body).status == 200)
            let third = try await client.send(.PUT, path, json: ["second_line": "Three"])
            #expect(third.status == 429)
            #expect(third.errors == ["Too many requests. You can do a maximum of 2 calls per 3 second to this endpoint."])
            #expect(server.snapshot().cards.first { $0.id == DemoCards.groceries }?.secondLine == "One")
        }
    }

    @Test("session-server: 1 per 30 s")
    func sessions() async throws {
        try await withSession(Self.limited) { _, client async throws in
            let second = try await client.startSession(apiKey: "test-api-key")
            #expect(second.status == 429)
            #expect(second.errors == ["Too many requests. You can do a maximum of 1 calls per 30 second to this endpoint."])
        }
    }

    @Test("POST: 5 per 3 s")
    func posts() async throws {
        try await withSession(Self.limited) { _, client async throws in
            let path = "/user/\(client.userId)/notification-filter-push"
            // Six POSTs judged only when all six went within the window: on a loaded machine
            // the first may already have left it, and the count would prove nothing.
            for _ in 0..<3 {
                let start = ContinuousClock.now
                var statuses: [Int] = []
                for _ in 0..<6 {
                    statuses.append(try await client.send(.POST, path, json: ["notification_filters": [["category": "BILLING"]]]).status)
                }
                if ContinuousClock.now - start < .milliseconds(2500) {
                    #expect(statuses == [200, 200, 200, 200, 200, 429])
                    return
                }
                try await Task.sleep(for: .milliseconds(3100))
            }
            Issue.record("six POSTs never went within 2.5 s on this machine: the limit could not be judged")
        }
    }

    @Test("--rate-limits off lets everything through")
    func off() async throws {
        try await withSession(EmulatorConfiguration(rateLimits: .off)) { _, client async throws in
            for _ in 0..<10 {
                #expect(try await client.send(.GET, "/user/\(client.userId)/card").status == 200)
            }
            #expect(try await client.startSession(apiKey: "test-api-key").status == 200)
        }
    }
}
