import AsyncHTTPClient
import BunqEmulator
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@Suite("fault injection and the call log")
struct FaultTests {
    @Test("drop after commit: the write happens, the client gets no answer, a retry with the same id is refused")
    func dropAfterCommit() async throws {
        try await withSession { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            server.inject(.dropResponseAfterCommit(method: "PUT", pathPattern: "/user/{id}/card/{id}", nth: 2))
            #expect(try await client.send(.PUT, path, json: ["second_line": "First"], requestId: "w1").status == 200)
            await #expect(throws: (any Error).self) {
                try await client.send(.PUT, path, json: ["second_line": "Second"], requestId: "w2")
            }
            #expect(server.snapshot().cards.first { $0.id == DemoCards.groceries }?.secondLine == "Second")
            let last = try #require(server.calls().last)
            #expect(last.dropped)
            #expect(last.requestId == "w2")
            let retry = try await client.send(.PUT, path, json: ["second_line": "Second"], requestId: "w2")
            #expect(retry.status == 400)
            // The fault fired once and is gone.
            #expect(try await client.send(.PUT, path, json: ["second_line": "Third"]).status == 200)
        }
    }

    @Test("a status fault answers 500 or 429 to the Nth matching request without acting")
    func statusFaults() async throws {
        try await withSession { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            server.inject(.status(code: 500, method: "PUT", pathPattern: "/user/{id}/card/{id}", nth: 1))
            let failed = try await client.send(.PUT, path, json: ["second_line": "Nope"], requestId: "same")
            #expect(failed.status == 500)
            #expect(failed.errors.count == 1)
            #expect(server.snapshot().cards.first { $0.id == DemoCards.groceries }?.secondLine == "Groceries")
            // Not acted upon, so the id was not used up either.
            #expect(try await client.send(.PUT, path, json: ["second_line": "Yes"], requestId: "same").status == 200)
            server.inject(.status(code: 429, method: "GET", pathPattern: "/user/{id}/card", nth: 2))
            #expect(try await client.send(.GET, "/user/\(client.userId)/card").status == 200)
            #expect(try await client.send(.GET, path).status == 200)
            let limited = try await client.send(.GET, "/user/\(client.userId)/card")
            #expect(limited.status == 429)
            #expect(limited.errors.first?.hasPrefix("Too many requests.") == true)
        }
    }

    @Test("a tampered signature no longer verifies; the next one does")
    func tamper() async throws {
        try await withSession { server, client async throws in
            server.inject(.tamperSignature(nth: 1))
            let tampered = try await client.send(.GET, "/user/\(client.userId)/card")
            #expect(tampered.status == 200)
            #expect(tampered.headers.first(name: "X-Bunq-Server-Signature") != nil)
            #expect(!client.isSignedByServer(tampered))
            #expect(client.isSignedByServer(try await client.send(.GET, "/user/\(client.userId)/card")))
        }
    }

    @Test("latency delays every answer until cleared")
    func latency() async throws {
        try await withSession { server, client async throws in
            // A delay far above any scheduling noise, so a loaded machine cannot blur the two cases.
            server.inject(.latency(milliseconds: 2_000))
            let start = Date()
            #expect(try await client.send(.GET, "/user").status == 200)
            #expect(Date().timeIntervalSince(start) >= 2.0)
            server.clearFaults()
            let again = Date()
            #expect(try await client.send(.GET, "/user").status == 200)
            #expect(Date().timeIntervalSince(again) < 1.5)
        }
    }

    @Test("the call log holds method, path, query, status, ids and body, without API keys")
    func callLog() async throws {
        try await withSession { server, client async throws in
            let calls = server.calls()
            #expect(calls.map(\.template) == ["/installation", "/device-server", "/session-server"])
            #expect(calls.allSatisfy { $0.status == 200 && !$0.requestBodyText.contains("test-api-key") })
            server.resetCalls()
            try await client.send(.GET, "/user/\(client.userId)/card?count=5", requestId: "r-1")
            try await client.send(.PUT, "/user/\(client.userId)/card/1", json: ["second_line": "x"], requestId: "r-2")
            let logged = server.calls()
            #expect(logged.count == 2)
            #expect(logged[0].method == "GET" && logged[0].query == "count=5" && logged[0].requestId == "r-1")
            #expect(logged[1].template == "/user/{id}/card/{id}" && logged[1].status == 404)
            #expect(logged[1].requestBodyText == #"{"second_line":"x"}"#)
            #expect(logged[1].path == "/v1/user/\(client.userId)/card/1")
        }
    }

    @Test("with --faults the /_emulator/ endpoints inject faults, read the log and reset; without, they do not exist")
    func controlEndpoints() async throws {
        try await withSession(EmulatorConfiguration(rateLimits: .off, faultControl: true)) { server, client async throws in
            let root = String(server.baseURL.dropLast(3))
            func control(_ method: HTTPMethod, _ path: String, _ body: String = "") async throws -> (Int, String) {
                var request = HTTPClientRequest(url: root + path)
                request.method = method
                if !body.isEmpty { request.body = .bytes(ByteBuffer(string: body)) }
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                let bytes = try await response.body.collect(upTo: 10_000_000)
                return (Int(response.status.code), String(buffer: bytes))
            }
            let injected = try await control(.POST, "/_emulator/faults", #"{"kind":"status","code":500,"method":"GET","path":"/user","nth":1}"#)
            #expect(injected.0 == 200)
            #expect(try await client.send(.GET, "/user").status == 500)
            let log = try await control(.GET, "/_emulator/calls")
            #expect(log.0 == 200 && log.1.contains("\"status\":500"))
            #expect(try await control(.POST, "/_emulator/faults", #"{"kind":"nonsense"}"#).0 == 400)
            let state = try await control(.GET, "/_emulator/state")
            #expect(state.1.contains("\"cards\"") && !state.1.contains("PRIVATE KEY"))
            #expect(try await control(.POST, "/_emulator/reset").0 == 200)
            #expect(try await control(.GET, "/_emulator/calls").1 == "[]")
        }
        try await withEmulator { server async throws in
            var request = HTTPClientRequest(url: String(server.baseURL.dropLast(3)) + "/_emulator/calls")
            request.method = .GET
            #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(10)).status.code == 404)
        }
    }
}
