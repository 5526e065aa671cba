import BunqEmulator
import Foundation
import Testing

@Suite("installation, device-server, session-server")
struct ApiContextTests {
    @Test("installation answers Id, Token and ServerPublicKey, and signs with that key")
    func installationShape() async throws {
        try await withEmulator { server in
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
        try await withEmulator { server in
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
