import AsyncHTTPClient
import BunqEmulator
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// The faults that answer what bunq never would, so client tests can meet them.
@Suite("faults: answers bunq never sends")
struct HostileFaultTests {
    private static let listPattern = "/user/{id}/card"

    @Test("redirect answers the status and Location without acting; without a location there is no header")
    func redirect() async throws {
        try await withSession { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            server.inject(.redirect(code: 308, location: "http://127.0.0.1:1/elsewhere", method: "PUT", pathPattern: "/user/{id}/card/{id}"))
            // AsyncHTTPClient's shared client would follow it: this one must not.
            let noFollow = HTTPClient(
                eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                configuration: .init(redirectConfiguration: .disallow))
            defer { _ = noFollow.shutdown() }
            var request = HTTPClientRequest(url: server.baseURL + path)
            request.method = .PUT
            request.body = .bytes(ByteBuffer(string: #"{"second_line":"Moved"}"#))
            let response = try await noFollow.execute(request, timeout: .seconds(10))
            #expect(response.status.code == 308)
            #expect(response.headers["Location"] == ["http://127.0.0.1:1/elsewhere"])
            #expect(server.snapshot().cards.first { $0.id == DemoCards.groceries }?.secondLine == "Groceries")

            server.inject(.redirect(code: 302, location: nil, method: "GET", pathPattern: Self.listPattern))
            var list = HTTPClientRequest(url: server.baseURL + "/user/\(client.userId)/card")
            list.method = .GET
            let bare = try await noFollow.execute(list, timeout: .seconds(10))
            #expect(bare.status.code == 302 && bare.headers["Location"].isEmpty)
            // Fired once: the next listing is an ordinary answer.
            #expect(try await client.send(.GET, "/user/\(client.userId)/card").status == 200)
        }
    }

    @Test("drip sends the same bytes, a few at a time, after the headers")
    func drip() async throws {
        try await withSession { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            let whole = try await client.send(.GET, path)
            let steps = 4
            server.inject(.drip(bytes: whole.body.count / steps + 1, intervalMilliseconds: 300, method: "GET", pathPattern: "/user/{id}/card/{id}"))
            let started = Date()
            let dripped = try await client.send(.GET, path)
            #expect(Date().timeIntervalSince(started) >= 0.8, "three pauses of 300 ms between four parts")
            #expect(dripped.status == 200 && client.isSignedByServer(dripped))
            #expect(dripped.json != nil)
        }
    }

    @Test("stall sends the headers and half the body, then holds the connection open")
    func stall() async throws {
        try await withSession { server, client async throws in
            server.inject(.stall(method: "GET", pathPattern: Self.listPattern))
            var request = HTTPClientRequest(url: server.baseURL + "/user/\(client.userId)/card")
            request.method = .GET
            request.headers.add(name: "User-Agent", value: "fault-test")
            request.headers.add(name: "X-Bunq-Client-Authentication", value: client.sessionToken ?? "")
            request.headers.add(name: "X-Bunq-Client-Signature", value: client.sign([]))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status.code == 200)
            let length = Int(response.headers["Content-Length"].first ?? "") ?? 0
            #expect(length > 0)
            let received = ByteCounter()
            let reading = Task {
                for try await part in response.body { received.add(part.readableBytes) }
            }
            try await Task.sleep(for: .seconds(1.5))
            #expect(received.value == length / 2, "half the body, and then nothing")
            reading.cancel()
            _ = await reading.result
        }
    }

    @Test("oversize pads a signed answer with spaces: still valid JSON, signed as sent")
    func oversize() async throws {
        try await withSession { server, client async throws in
            server.inject(.oversize(bytes: 100_000, method: "GET", pathPattern: Self.listPattern))
            let padded = try await client.send(.GET, "/user/\(client.userId)/card")
            #expect(padded.body.count == 100_000)
            #expect(client.isSignedByServer(padded) && padded.json != nil)
            #expect(try await client.send(.GET, "/user/\(client.userId)/card").body.count < 100_000)
        }
    }

    @Test("double-signature sends two signature headers, one valid, in the order asked", arguments: [true, false])
    func doubleSignature(validFirst: Bool) async throws {
        try await withSession { server, client async throws in
            server.inject(.doubleSignature(validFirst: validFirst, method: "GET", pathPattern: Self.listPattern))
            let answer = try await client.send(.GET, "/user/\(client.userId)/card")
            let signatures = answer.headers["X-Bunq-Server-Signature"]
            #expect(signatures.count == 2)
            // isSignedByServer checks the first header only.
            #expect(client.isSignedByServer(answer) == validFirst)
        }
    }

    @Test("loop-pagination gives older_url a new query each time, leading to the same page, until cleared")
    func loopPagination() async throws {
        try await withSession { server, client async throws in
            server.inject(.loopPagination(method: "GET", pathPattern: Self.listPattern))
            let first = try await client.send(.GET, "/user/\(client.userId)/card?count=200")
            let older = try #require((first.object["Pagination"] as? [String: Any])?["older_url"] as? String)
            #expect(older.hasSuffix("count=200&loop=1"))
            let second = try await client.send(.GET, String(older.dropFirst(3)))
            let again = try #require((second.object["Pagination"] as? [String: Any])?["older_url"] as? String)
            #expect(again.hasSuffix("count=200&loop=2"))
            #expect(second.all("Card").map { $0["id"] as? Int } == first.all("Card").map { $0["id"] as? Int })
            server.clearFaults()
            let cleared = try await client.send(.GET, "/user/\(client.userId)/card?count=200")
            #expect((cleared.object["Pagination"] as? [String: Any])?["older_url"] is NSNull)
        }
    }

    @Test("the control endpoint takes the new kinds and refuses bad ones")
    func controlEndpoint() async throws {
        try await withSession(EmulatorConfiguration(rateLimits: .off, faultControl: true)) { server, client async throws in
            let root = String(server.baseURL.dropLast(3))
            func inject(_ body: String) async throws -> Int {
                var request = HTTPClientRequest(url: root + "/_emulator/faults")
                request.method = .POST
                request.body = .bytes(ByteBuffer(string: body))
                return Int(try await HTTPClient.shared.execute(request, timeout: .seconds(10)).status.code)
            }
            for good in [
                #"{"kind":"redirect","code":301,"location":"http://x.example/"}"#, #"{"kind":"redirect"}"#,
                #"{"kind":"drip","bytes":10,"milliseconds":100}"#, #"{"kind":"stall","path":"/user/{id}/card"}"#,
                #"{"kind":"oversize","bytes":1000}"#, #"{"kind":"double-signature","valid_first":false}"#,
                #"{"kind":"loop-pagination","method":"GET","path":"/user/{id}/card"}"#
            ] {
                #expect(try await inject(good) == 200, "\(good)")
            }
            for bad in [
                #"{"kind":"redirect","code":200}"#, #"{"kind":"drip","bytes":0,"milliseconds":1}"#,
                #"{"kind":"drip","bytes":1}"#, #"{"kind":"oversize"}"#, #"{"kind":"double-signature","valid_first":"yes"}"#
            ] {
                #expect(try await inject(bad) == 400, "\(bad)")
            }
        }
    }

    @Test("a state file may hold a card whose card_limit is null: shown as null, and a PUT sets it")
    func nullLimitInState() async throws {
        let path = temporaryPath("state.json")
        try EmulatorState.demo().save(to: path)
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        var cards = json["cards"] as! [[String: Any]]
        let index = try #require(cards.firstIndex { ($0["id"] as? Int) == DemoCards.groceries })
        cards[index]["card_limit"] = NSNull()
        json["cards"] = cards
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))

        let state = try EmulatorState.load(from: path)
        #expect(state.cards.first { $0.id == DemoCards.groceries }?.cardLimit == nil)
        try await withSession(state: state) { server, client async throws in
            let path = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            let read = try await client.send(.GET, path)
            let card = try #require(read.first("Card"))
            #expect(card["card_limit"] is NSNull)
            #expect(
                try await client.send(
                    .PUT, path,
                    json: [
                        "card_limit": ["value": "75.00", "currency": "EUR"],
                        "monetary_account_id_fallback": DemoCards.bufferAccount
                    ]
                ).status == 200)
            #expect(server.snapshot().cards.first { $0.id == DemoCards.groceries }?.cardLimit?.value == "75.00")
        }
    }
}

/// Bytes received by a reading task, read from the test.
final class ByteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add(_ bytes: Int) { lock.withLock { count += bytes } }
}
