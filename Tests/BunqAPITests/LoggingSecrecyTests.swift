import BunqEmulator
import Foundation
import Testing

@testable import BunqAPI

@Suite("Logging")
struct LoggingSecrecyTests {
    @Test func everyCallIsLoggedAndNoSecretEverIs() async throws {
        let apiKey = "sandbox_0123456789abcdef0123456789abcdef0123456789abcdef01"
        let capture = LogCapture()
        try await withEmulator { fixture in
            let client = fixture.client(apiKey: apiKey, logger: capture.logger(level: .trace))
            try await client.connect()
            _ = try await client.cards()
            _ = try await client.monetaryAccounts()
            let update = CardUpdate(
                fallbackAccount: .account(EmulatorFixture.bufferAccountId),
                cardLimit: BunqAPI.Amount(parsing: "150", currency: "EUR"))
            _ = try await client.updateCard(id: EmulatorFixture.activeCardId, update)
            // A renewal after 401 and a retried 429 log too.
            fixture.emulator.mutate { $0.apiContext.sessions.removeAll() }
            fixture.emulator.inject(.status(code: 429, method: "GET", pathPattern: "/user/{id}/card/{id}", nth: 1))
            _ = try await client.card(id: EmulatorFixture.activeCardId)

            let context = try #require(await client.currentContext)
            let lines = capture.lines
            let everything = lines.joined(separator: "\n")

            // Every call: method, path with query, status, duration, request id.
            let calls = fixture.emulator.calls()
            #expect(lines.filter { $0.contains(" ms, request id ") }.count == calls.count)
            for call in calls {
                let path = String(call.path.dropFirst("/v1".count)) + (call.query.map { "?\($0)" } ?? "")
                #expect(everything.contains("\(call.method) \(path) → \(call.status)"), "\(call.method) \(path)")
                #expect(everything.contains("request id \(call.requestId ?? "-")"))
            }

            var secrets = [apiKey, context.installation.token, context.session!.token]
            // Any line of the private key's base64 body.
            secrets += context.installation.privateKeyPEM.split(separator: "\n")
                .filter { !$0.hasPrefix("-----") }.map(String.init)
            // The signature of the PUT body: PKCS#1 v1.5 is deterministic, so this is what was sent.
            let pair = try InstallationKeyPair(pkcs8PEM: context.installation.privateKeyPEM)
            secrets.append(try pair.signature(forBody: Array(try WireJSON.encoder().encode(update))))
            secrets.append(try pair.signature(forBody: [UInt8]()))
            for secret in secrets {
                #expect(!everything.contains(secret), "a secret reached the log")
            }
            // Nothing that even looks like key material or a signature.
            #expect(everything.firstMatch(of: try Regex("[A-Za-z0-9+]{40,}")) == nil)
            #expect(!everything.contains("PRIVATE KEY"))
        }
    }
}
