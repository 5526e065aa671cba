import Foundation
import _CryptoExtras

/// bunq's server public key from the installation, used to check `X-Bunq-Server-Signature`
/// (base64 RSA-SHA256, PKCS#1 v1.5, over the raw response body).
public struct ServerPublicKey: Sendable {
    let key: _RSA.Signing.PublicKey
    /// The PEM as bunq sent it, kept for the context file.
    public let pem: String

    public init(pem: String) throws {
        self.key = try _RSA.Signing.PublicKey(pemRepresentation: pem)
        self.pem = pem
    }

    /// True when `signature` (the header's base64 text) signs exactly `body`.
    public func isValidSignature(_ signature: String, forBody body: some DataProtocol) -> Bool {
        guard let raw = Data(base64Encoded: signature.trimmingCharacters(in: .whitespaces)) else { return false }
        return key.isValidSignature(
            _RSA.Signing.RSASignature(rawRepresentation: raw), for: body, padding: .insecurePKCS1v1_5)
    }
}
