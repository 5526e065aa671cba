import BunqEmulator
import Foundation
import Testing

@Suite("installation, device-server, session-server")
struct ApiContextTests {
    @Test("installation answers Id, Token and ServerPublicKey, and signs with that key")
    func installationShape() async throws {
        try await withEmulator { server async throws in
            let client = BunqTestClient(server)
            let response = try await client.send(.POST, "/installation", json: ["client_public_key": client.key.publicKey.pemRepresentation], token: .none)
            #expect(response.status == 200)
            // The SDK reads these by position: 0 Id, 1 Token, 2 ServerPublicKey.
            let keys = response.items.map { $0.keys.first ?? "" }
            #expect(keys == ["Id", "Token", "ServerPublicKey"])
            let token = try #require(response.items[1]["Token"] as? [String: Any])
            #expect((token["token"] as? String)?.count == 64)
            let pem = try #require((response.items[2]["ServerPublicKey"] as? [String: Any])?["server_public_key"] as? String)
            #expect(pem.hasPrefix("-----BEGIN PUBLIC KEY-----"))
            client.serverPublicKey = try .init(pemRepresentation: pem)
            #expect(client.isSignedByServer(response))
        }
    }

    @Test("a full context: the session answers Id, Token and UserPerson with session_timeout")
    func sessionShape() async throws {
        try await withEmulator { server async throws in
            let client = BunqTestClient(server)
            try await client.install()
            try await client.registerDevice(apiKey: "key-1")
            let session = try await client.startSession(apiKey: "key-1")
            #expect(session.status == 200)
            #expect(session.items.map { $0.keys.first ?? "" } == ["Id", "Token", "UserPerson"])
            let user = try #require(session.first("UserPerson") ?? (session.items[2]["UserPerson"] as? [String: Any]))
            #expect(user["id"] as? Int == DemoCards.userId)
            #expect(user["session_timeout"] as? Int == 604_800)
            #expect(client.isSignedByServer(session))
            let me = try await client.send(.GET, "/user/\(client.userId)")
            #expect(me.status == 200)
            #expect(me.first("UserPerson")?["display_name"] as? String == "Alice de Vries")
        }
    }
}

@Suite("tokens, sessions and API keys")
struct AuthenticationTests {
    @Test("session-server without a signature is 466, with a bad one 401, and neither opens a session")
    func sessionServerNeedsSignature() async throws {
        try await withEmulator { server async throws in
            let client = BunqTestClient(server)
            try await client.install()
            try await client.registerDevice(apiKey: "k")
            let unsigned = try await client.send(.POST, "/session-server", json: ["secret": "k"], token: .installation, signature: .some(nil))
            #expect(unsigned.status == 466)
            #expect(unsigned.errors == ["Request signature required."])
            let body = Array(#"{"secret":"k"}"#.utf8)
            let wrongBody = client.sign(Array(#"{"secret":"other"}"#.utf8))
            let forged = try await client.send(.POST, "/session-server", body: body, token: .installation, signature: .some(wrongBody))
            #expect(forged.status == 401)
            #expect(server.snapshot().apiContext.sessions.isEmpty)
            let good = try await client.send(.POST, "/session-server", body: body, token: .installation)
            #expect(good.status == 200)
        }
    }

    @Test("a signature made with another key is refused on any endpoint; a missing one is fine off session-server")
    func signatureOnOrdinaryCalls() async throws {
        try await withSession { _, client async throws in
            let stranger = BunqTestClient(baseURL: client.baseURL, key: try .init(keySize: .bits2048))
            let forged = try await client.send(.GET, "/user/\(client.userId)/card", signature: .some(stranger.sign([])))
            #expect(forged.status == 401)
            let unsigned = try await client.send(.GET, "/user/\(client.userId)/card", signature: .some(nil))
            #expect(unsigned.status == 200)
            let signed = try await client.send(.GET, "/user/\(client.userId)/card")
            #expect(signed.status == 200)
            #expect(client.isSignedByServer(signed))
        }
    }

    @Test("missing, unknown or installation tokens on session endpoints are 401 'Insufficient authorisation.'")
    func badTokens() async throws {
        try await withSession { _, client async throws in
            for token in [BunqTestClient.Token.none, .custom("nope"), .installation] {
                let response = try await client.send(.GET, "/user/\(client.userId)/card", token: token)
                #expect(response.status == 401)
                #expect(response.errors == ["Insufficient authorisation."])
                #expect(response.headers.first(name: "X-Bunq-Server-Signature") == nil)
            }
            let sessionOnDevice = try await client.send(.POST, "/device-server", json: ["description": "x", "secret": "y"], token: .session)
            #expect(sessionOnDevice.status == 401)
        }
    }

    @Test("a session expires after session_timeout and then answers 401; a new session works")
    func sessionExpiry() async throws {
        // 3 s, not 1: on a loaded machine the first GET came more than a second after the session opened.
        try await withEmulator(EmulatorConfiguration(rateLimits: .off, sessionTimeoutSeconds: 3)) { server async throws in
            let client = BunqTestClient(server)
            try await client.install()
            try await client.registerDevice(apiKey: "k")
            let session = try await client.startSession(apiKey: "k")
            #expect((session.items[2]["UserPerson"] as? [String: Any])?["session_timeout"] as? Int == 3)
            #expect(try await client.send(.GET, "/user/\(client.userId)").status == 200)
            try await Task.sleep(nanoseconds: 3_300_000_000)
            let expired = try await client.send(.GET, "/user/\(client.userId)")
            #expect(expired.status == 401)
            #expect(expired.errors == ["Insufficient authorisation."])
            try await client.startSession(apiKey: "k")
            #expect(try await client.send(.GET, "/user/\(client.userId)").status == 200)
        }
    }

    @Test("any non-empty API key works unless the state lists api_keys")
    func apiKeys() async throws {
        try await withEmulator { server async throws in
            let client = BunqTestClient(server)
            try await client.install()
            let empty = try await client.send(.POST, "/device-server", json: ["description": "x", "secret": ""], token: .installation)
            #expect(empty.status == 400)
            try await client.registerDevice(apiKey: "anything-goes")
            #expect(try await client.startSession(apiKey: "anything-goes").status == 200)
            let other = try await client.startSession(apiKey: "not-registered-here")
            #expect(other.status == 400)
            #expect(other.errors == ["User credentials are incorrect. Incorrect API key or IP address."])
        }
        var state = EmulatorState.demo()
        state.apiKeys = ["the-only-key"]
        try await withEmulator(state: state) { server async throws in
            let client = BunqTestClient(server)
            try await client.install()
            let refused = try await client.send(.POST, "/device-server", json: ["description": "x", "secret": "guess"], token: .installation)
            #expect(refused.status == 400)
            try await client.registerDevice(apiKey: "the-only-key")
            #expect(try await client.startSession(apiKey: "the-only-key").status == 200)
        }
    }

    @Test("installation refuses a body that is not an RSA public key, and unknown fields")
    func installationValidation() async throws {
        try await withEmulator { server async throws in
            let client = BunqTestClient(server)
            let junk = try await client.send(.POST, "/installation", json: ["client_public_key": "not a key"], token: .none)
            #expect(junk.status == 400)
            let extra = try await client.send(
                .POST, "/installation",
                json: ["client_public_key": client.key.publicKey.pemRepresentation, "foo": 1], token: .none)
            #expect(extra.status == 400)
            #expect(extra.errors == ["Superfluous field \"foo\"."])
            #expect(server.snapshot().apiContext.installations.isEmpty)
        }
    }

    @Test("DELETE /session/0 ends the calling session")
    func closeSession() async throws {
        try await withSession { server, client async throws in
            let closed = try await client.send(.DELETE, "/session/0")
            #expect(closed.status == 200)
            #expect(server.snapshot().apiContext.sessions.isEmpty)
            #expect(try await client.send(.GET, "/user").status == 401)
        }
    }
}
