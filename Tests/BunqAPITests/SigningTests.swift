import Foundation
import Testing

@testable import BunqAPI

@Suite("Signing and verification")
struct SigningTests {
    @Test func aSignatureVerifiesOverTheExactBytesOnly() throws {
        let pair = try InstallationKeyPair.generate()
        let body = Array(#"{"card_limit":{"currency":"EUR","value":"1.00"},"monetary_account_id_fallback":1}"#.utf8)
        let signature = try pair.signature(forBody: body)
        let verifier = try ServerPublicKey(pem: pair.publicKeyPEM)
        #expect(verifier.isValidSignature(signature, forBody: body))
        #expect(!verifier.isValidSignature(signature, forBody: body + [0x0A]))
        #expect(!verifier.isValidSignature(signature, forBody: Array(body.dropLast())))
        #expect(!verifier.isValidSignature("not base64!", forBody: body))
        let other = try ServerPublicKey(pem: try InstallationKeyPair.generate().publicKeyPEM)
        #expect(!other.isValidSignature(signature, forBody: body))
    }

    @Test func signaturesArePKCS1v15AndDeterministic() throws {
        // PSS signatures are randomised; PKCS#1 v1.5 ones are not. Equal signatures for
        // equal bodies show the padding bunq requires is in use.
        let pair = try InstallationKeyPair.generate()
        #expect(try pair.signature(forBody: Array("x".utf8)) == pair.signature(forBody: Array("x".utf8)))
        #expect(try Data(base64Encoded: pair.signature(forBody: [UInt8]()))?.count == 256)
    }

    @Test func theKeyPairSurvivesTheContextFile() throws {
        let pair = try InstallationKeyPair.generate()
        #expect(pair.publicKeyPEM.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        #expect(pair.privateKeyPKCS8PEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let restored = try InstallationKeyPair(pkcs8PEM: pair.privateKeyPKCS8PEM)
        #expect(restored.publicKeyPEM == pair.publicKeyPEM)
        #expect(try restored.signature(forBody: [1, 2, 3]) == pair.signature(forBody: [1, 2, 3]))
    }

    @Test func anAPIKeyNeverPrintsAndIsFingerprinted() throws {
        let key = try #require(BunqAPIKey("  sandbox_abc123\n"))
        #expect("\(key)" == "<redacted>")
        #expect(String(reflecting: key) == "<redacted>")
        #expect(key.fingerprint.count == 64)
        #expect(key.fingerprint == BunqAPIKey("sandbox_abc123")?.fingerprint)
        #expect(key.fingerprint != BunqAPIKey("sandbox_abc124")?.fingerprint)
        #expect(BunqAPIKey(" \n") == nil)
    }
}
