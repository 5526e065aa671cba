import AsyncHTTPClient
import BunqEmulator
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@Suite("errors the bunq way")
struct ErrorTests {
    @Test("bad input never crashes: malformed JSON, non-objects, deep nesting, wrong types")
    func malformedBodies() async throws {
        try await withSession { server, client in
            let path = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            let before = server.snapshot().cards
            for body in [
                "{", "[1,2]", "\"text\"", "{\"second_line\": }", String(repeating: "[", count: 5000),
                "{\"second_line\": 17}", "{\"card_limit\": \"12.00\"}", "{\"status\": null, \"x\": 1}", "\u{FF}\u{FE}"
            ] {
                let response = try await client.send(.PUT, path, body: Array(body.utf8))
                #expect(response.status == 400, "\(body.prefix(40))")
                #expect(!response.errors.isEmpty)
                #expect(response.object["Error"] != nil)
            }
            #expect(server.snapshot().cards == before)
            #expect(try await client.send(.GET, "/user/\(client.userId)").status == 200)
        }
    }

    @Test("unknown ids are 404, unknown routes 404, wrong methods 405, all with an Error body")
    func routing() async throws {
        try await withSession { _, client in
            let cases: [(HTTPMethodName, String, Int)] = [
                (.GET, "/user/\(client.userId)/card/999", 404),
                (.GET, "/user/\(client.userId)/monetary-account/999", 404),
                (.GET, "/user/1/card", 404),
                (.GET, "/user/\(client.userId)/cards", 404),
                (.GET, "/nothing-here", 404),
                (.DELETE, "/user/\(client.userId)/card/\(DemoCards.groceries)", 405),
                (.POST, "/user/\(client.userId)/card", 405),
                (.DELETE, "/user/\(client.userId)/notification-filter-url", 405)
            ]
            for (method, path, status) in cases {
                let response = try await client.send(method.nio, path)
                #expect(response.status == status, "\(method) \(path)")
                #expect(response.errors.count == 1, "\(method) \(path)")
            }
            let outside = try await client.send(.GET, "/../user")
            #expect(outside.status == 404)
        }
    }

    @Test("a request without User-Agent is 400 and does nothing")
    func userAgentRequired() async throws {
        try await withSession { server, client async throws in
            var request = HTTPClientRequest(url: client.baseURL + "/user/\(client.userId)/card/\(DemoCards.groceries)")
            request.method = .PUT
            request.headers.add(name: "X-Bunq-Client-Authentication", value: client.sessionToken ?? "")
            let body = Array(#"{"second_line":"No agent"}"#.utf8)
            request.headers.add(name: "X-Bunq-Client-Signature", value: client.sign(body))
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status.code == 400)
            #expect(server.snapshot().cards.first { $0.id == DemoCards.groceries }?.secondLine == "Groceries")
        }
    }

    @Test("the user, its accounts by kind, and the read-only monetary-account-card PUT")
    func usersAndAccounts() async throws {
        try await withSession { _, client in
            let users = try await client.send(.GET, "/user")
            #expect(users.all("UserPerson").count == 1)
            let accounts = try await client.send(.GET, "/user/\(client.userId)/monetary-account")
            #expect(accounts.items.map { $0.keys.first ?? "" } == ["MonetaryAccountCard", "MonetaryAccountSavings", "MonetaryAccountBank"])
            let bank = try await client.send(.GET, "/user/\(client.userId)/monetary-account-bank")
            let main = try #require(bank.all("MonetaryAccountBank").first)
            #expect(main["description"] as? String == "Main")
            #expect(((main["alias"] as? [[String: Any]])?.first)?["value"] as? String == "NL90BUNQ2078781001")
            let savings = try await client.send(.GET, "/user/\(client.userId)/monetary-account-savings/\(DemoCards.bufferAccount)")
            #expect(savings.first("MonetaryAccountSavings")?["description"] as? String == "Buffer")
            #expect(try await client.send(.GET, "/user/\(client.userId)/monetary-account-bank/\(DemoCards.bufferAccount)").status == 404)
            let cardAccount = "/user/\(client.userId)/monetary-account-card/\(DemoCards.cardAccount)"
            #expect(try await client.send(.PUT, cardAccount, json: ["daily_limit": ["value": "10.00", "currency": "EUR"]]).status == 400)
            #expect(try await client.send(.PUT, cardAccount, json: [:] as [String: Any]).status == 200)
        }
    }
}

/// The methods the routing test uses, mapped onto NIO's.
enum HTTPMethodName {
    case GET, POST, PUT, DELETE

    var nio: NIOHTTP1.HTTPMethod {
        switch self {
        case .GET: return .GET
        case .POST: return .POST
        case .PUT: return .PUT
        case .DELETE: return .DELETE
        }
    }
}
