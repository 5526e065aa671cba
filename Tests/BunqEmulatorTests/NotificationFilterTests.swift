import BunqEmulator
import Foundation
import Testing

@Suite("notification filters")
struct NotificationFilterTests {
    func targets(_ response: BunqTestClient.Response) -> [String] {
        response.all("NotificationFilterUrl").map { "\($0["category"] as? String ?? "?") \($0["notification_target"] as? String ?? "?")" }
    }

    @Test("a POST replaces the whole scope and answers the resulting list")
    func postReplacesScope() async throws {
        try await withSession { server, client in
            let path = "/user/\(client.userId)/notification-filter-url"
            #expect(targets(try await client.send(.GET, path)) == ["CARD_TRANSACTION_SUCCESSFUL https://hooks.example.com/bunq"])
            let posted = try await client.send(
                .POST, path,
                json: [
                    "notification_filters": [
                        ["category": "MUTATION", "notification_target": "https://a.example/1"],
                        ["category": "MUTATION", "notification_target": "https://a.example/2"]
                    ]
                ])
            #expect(posted.status == 200)
            #expect(client.isSignedByServer(posted))
            #expect(targets(posted) == ["MUTATION https://a.example/1", "MUTATION https://a.example/2"])
            #expect(targets(try await client.send(.GET, path)) == targets(posted))
            // Other scopes are untouched.
            #expect(server.snapshot().notificationFilters.push.map(\.category) == ["CARD_TRANSACTION_FAILED"])
            #expect(server.snapshot().notificationFilters.accountUrl[String(DemoCards.mainAccount)]?.count == 1)
            let cleared = try await client.send(.POST, path, json: ["notification_filters": []])
            #expect(cleared.status == 200)
            #expect(cleared.items.isEmpty)
            #expect(try await client.send(.GET, path).items.isEmpty)
        }
    }

    @Test("at most 2 targets per category; http:// and other non-HTTPS targets are refused")
    func urlRules() async throws {
        try await withSession { server, client in
            let path = "/user/\(client.userId)/notification-filter-url"
            let before = server.snapshot().notificationFilters
            let three = try await client.send(
                .POST, path,
                json: [
                    "notification_filters": (1...3).map {
                        ["category": "PAYMENT", "notification_target": "https://a.example/\($0)"]
                    }
                ])
            #expect(three.status == 400)
            #expect(three.errors.first?.contains("at most 2") == true)
            for target in ["http://a.example/hook", "ftp://a.example", "https://", "a.example"] {
                let response = try await client.send(.POST, path, json: ["notification_filters": [["category": "PAYMENT", "notification_target": target]]])
                #expect(response.status == 400, "\(target)")
            }
            #expect(
                try await client.send(.POST, path, json: ["notification_filters": [["category": "NOT_A_CATEGORY", "notification_target": "https://a.example"]]])
                    .status == 400)
            #expect(try await client.send(.POST, path, json: ["notification_filters": [["category": "PAYMENT"]]]).status == 400)
            #expect(server.snapshot().notificationFilters == before)
        }
    }

    @Test("push and email filters have categories only; each scope answers its own type key")
    func pushAndEmail() async throws {
        try await withSession { server, client in
            let push = "/user/\(client.userId)/notification-filter-push"
            let withTarget = try await client.send(
                .POST, push, json: ["notification_filters": [["category": "BILLING", "notification_target": "https://x.example"]]])
            #expect(withTarget.errors == ["Superfluous field \"notification_target\"."])
            let posted = try await client.send(.POST, push, json: ["notification_filters": [["category": "BILLING"], ["category": "MUTATION"]]])
            #expect(posted.all("NotificationFilterPush").compactMap { $0["category"] as? String } == ["BILLING", "MUTATION"])
            let email = try await client.send(.GET, "/user/\(client.userId)/notification-filter-email")
            #expect(email.all("NotificationFilterEmail").compactMap { $0["category"] as? String } == ["BILLING"])
            #expect(server.snapshot().notificationFilters.push.count == 2)
        }
    }

    @Test("per-account URL filters are their own scope; an unknown account is 404")
    func accountScope() async throws {
        try await withSession { server, client in
            let path = "/user/\(client.userId)/monetary-account/\(DemoCards.bufferAccount)/notification-filter-url"
            #expect(try await client.send(.GET, path).items.isEmpty)
            let posted = try await client.send(
                .POST, path, json: ["notification_filters": [["category": "MUTATION", "notification_target": "https://b.example"]]])
            #expect(targets(posted) == ["MUTATION https://b.example"])
            let snapshot = server.snapshot().notificationFilters
            #expect(snapshot.accountUrl[String(DemoCards.bufferAccount)]?.count == 1)
            #expect(snapshot.accountUrl[String(DemoCards.mainAccount)]?.count == 1)
            #expect(snapshot.url.count == 1)
            #expect(try await client.send(.GET, "/user/\(client.userId)/monetary-account/42/notification-filter-url").status == 404)
            #expect(try await client.send(.PUT, path, json: ["notification_filters": []]).status == 405)
        }
    }
}
