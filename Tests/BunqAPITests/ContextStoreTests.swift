import Foundation
import Testing

@testable import BunqAPI

@Suite("Context file")
struct ContextStoreTests {
    private func sampleContext() throws -> APIContext {
        let pair = try InstallationKeyPair.generate()
        return APIContext(
            api: "https://api.bunq.com/v1", apiKeyFingerprint: BunqAPIKey("key")!.fingerprint,
            installation: .init(
                privateKeyPEM: pair.privateKeyPKCS8PEM, token: "installation-token",
                serverPublicKeyPEM: pair.publicKeyPEM),
            deviceServerId: 12,
            session: .init(
                id: 3, token: "session-token", userId: 77, userKind: "UserPerson",
                created: Date(timeIntervalSince1970: 1_700_000_000),
                expires: Date(timeIntervalSince1970: 1_700_000_600)))
    }

    @Test func savesAtomicallyWithPrivateModesAndRestores() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("config/cardpolicy/context.json")
        let store = ContextStore(path: path)
        #expect(try store.load() == nil)

        let context = try sampleContext()
        try store.save(context)
        #expect(try TemporaryDirectory.mode(of: path) == 0o600)
        #expect(try TemporaryDirectory.mode(of: directory.file("config/cardpolicy")) == 0o700)
        #expect(!store.isReadableByOthers())

        let restored = try #require(try store.load())
        #expect(restored.installation.token == "installation-token")
        #expect(restored.installation.privateKeyPEM == context.installation.privateKeyPEM)
        #expect(restored.deviceServerId == 12)
        #expect(restored.session?.token == "session-token")
        #expect(restored.session?.expires == context.session?.expires)
        #expect(restored.belongs(to: .production, apiKey: BunqAPIKey("key")!))
        #expect(!restored.belongs(to: .sandbox, apiKey: BunqAPIKey("key")!))
        #expect(!restored.belongs(to: .production, apiKey: BunqAPIKey("other key")!))
        let sameAPIOtherPort = BunqEnvironment(baseURL: "http://127.0.0.1:1234/v1", contextIdentity: "https://api.bunq.com/v1")
        #expect(restored.belongs(to: sameAPIOtherPort, apiKey: BunqAPIKey("key")!))

        // A second save replaces the file and leaves no temporary behind.
        var changed = context
        changed.session = nil
        try store.save(changed)
        #expect(try store.load()?.session == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("config/cardpolicy")) == ["context.json"])
    }

    @Test func neverStoresTheAPIKeyAndRedactsItsDescription() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = ContextStore(path: directory.file("context.json"))
        let context = try sampleContext()
        try store.save(context)
        let text = try String(contentsOfFile: store.path, encoding: .utf8)
        #expect(text.contains(BunqAPIKey("key")!.fingerprint))
        #expect(!text.contains("\"key\""))
        for printed in ["\(context)", String(reflecting: context)] {
            #expect(!printed.contains("session-token"))
            #expect(!printed.contains("installation-token"))
            #expect(!printed.contains("PRIVATE KEY"))
        }
    }

    @Test func aBrokenFileIsAClearError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("context.json")
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try ContextStore(path: path).load() } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("not a cardpolicy context file")
        }
    }

    @Test func warnsAboutFilesOthersCanRead() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = ContextStore(path: directory.file("context.json"))
        try store.save(try sampleContext())
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: store.path)
        #expect(store.isReadableByOthers())
    }
}
