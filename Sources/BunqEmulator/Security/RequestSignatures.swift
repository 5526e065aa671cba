import Crypto
import Foundation
import _CryptoExtras

/// bunq's signatures: base64 RSA-SHA256 with PKCS#1 v1.5 padding over the body bytes only.
///
/// swift-crypto defaults to PSS, which bunq does not use; the padding is passed explicitly.
enum RequestSignatures {
    static func sign(_ body: [UInt8], with key: _RSA.Signing.PrivateKey) throws -> String {
        let signature = try key.signature(for: SHA256.hash(data: body), padding: .insecurePKCS1v1_5)
        return signature.rawRepresentation.base64EncodedString()
    }

    static func isValid(_ base64: String, body: [UInt8], key: _RSA.Signing.PublicKey) -> Bool {
        guard let raw = Data(base64Encoded: base64.trimmingCharacters(in: .whitespaces)) else { return false }
        let signature = _RSA.Signing.RSASignature(rawRepresentation: raw)
        return key.isValidSignature(signature, for: SHA256.hash(data: body), padding: .insecurePKCS1v1_5)
    }

    /// Reads a client key as bunq accepts it: SPKI `BEGIN PUBLIC KEY` (what the SDKs send),
    /// and PKCS#1 `BEGIN RSA PUBLIC KEY` as well.
    static func publicKey(fromPEM pem: String) -> _RSA.Signing.PublicKey? {
        if let key = try? _RSA.Signing.PublicKey(pemRepresentation: pem) { return key }
        return nil
    }

    static func newServerKey() throws -> _RSA.Signing.PrivateKey {
        try _RSA.Signing.PrivateKey(keySize: .bits2048)
    }

    static func hexSHA256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// 64 random hex characters, the shape of bunq's tokens.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
