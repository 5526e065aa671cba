import Foundation
import _CryptoExtras

/// The client's RSA-2048 key pair registered with `POST /installation`. Every request
/// body is signed with it: base64 RSA-SHA256, PKCS#1 v1.5, over the exact bytes sent.
public struct InstallationKeyPair: Sendable {
    let privateKey: _RSA.Signing.PrivateKey

    /// A fresh key pair for a new installation.
    public static func generate() throws -> InstallationKeyPair {
        InstallationKeyPair(privateKey: try _RSA.Signing.PrivateKey(keySize: .bits2048))
    }

    /// Restores a key pair from its PKCS#8 PEM (`BEGIN PRIVATE KEY`), as the context stores it.
    public init(pkcs8PEM: String) throws {
        self.privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: pkcs8PEM)
    }

    init(privateKey: _RSA.Signing.PrivateKey) {
        self.privateKey = privateKey
    }

    /// The SPKI PEM (`BEGIN PUBLIC KEY`) that bunq expects as `client_public_key`.
    public var publicKeyPEM: String { privateKey.publicKey.pemRepresentation }

    /// The private key as PKCS#8 PEM. Secret: only the context file may hold it.
    var privateKeyPKCS8PEM: String { privateKey.pkcs8PEMRepresentation }

    /// The `X-Bunq-Client-Signature` value for a body. bunq uses PKCS#1 v1.5; swift-crypto
    /// defaults to PSS, which bunq rejects, so the padding is spelled out.
    public func signature(forBody body: some DataProtocol) throws -> String {
        try privateKey.signature(for: body, padding: .insecurePKCS1v1_5).rawRepresentation.base64EncodedString()
    }
}
