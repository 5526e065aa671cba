import Foundation

/// Everything needed to talk to bunq again without a new installation, device or
/// session: the installation key pair and token, bunq's server key, the device and the
/// current session. It is the key to the account: stored with mode 0600, never logged
/// (its description is redacted).
public struct APIContext: Codable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The installation: our key pair as registered with bunq, and bunq's key.
    public struct Installation: Codable, Sendable {
        /// PKCS#8 PEM of the client private key.
        public var privateKeyPEM: String
        /// The installation token (authenticates device-server and session-server).
        public var token: String
        /// bunq's server public key (PEM), which signs every answer.
        public var serverPublicKeyPEM: String

        enum CodingKeys: String, CodingKey {
            case token
            case privateKeyPEM = "private_key_pem"
            case serverPublicKeyPEM = "server_public_key_pem"
        }
    }

    /// A session opened with `POST /session-server`.
    public struct Session: Codable, Sendable {
        public var id: Int?
        /// Sent as `X-Bunq-Client-Authentication` on every call.
        public var token: String
        public var userId: Int
        /// e.g. `UserPerson`.
        public var userKind: String
        public var created: Date
        /// Absolute UTC expiry: `created` + the user's `session_timeout`.
        public var expires: Date

        enum CodingKeys: String, CodingKey {
            case id, token, created, expires
            case userId = "user_id"
            case userKind = "user_kind"
        }
    }

    public static let currentFormatVersion = 1

    public var formatVersion: Int
    /// The API the context belongs to: `BunqEnvironment.contextIdentity`, i.e. its base
    /// URL, or a stable name such as `emulator:<state file>`.
    public var api: String
    /// SHA-256 of the API key it was made with (never the key itself).
    public var apiKeyFingerprint: String
    public var installation: Installation
    public var deviceServerId: Int?
    public var session: Session?

    public init(
        api: String, apiKeyFingerprint: String, installation: Installation,
        deviceServerId: Int? = nil, session: Session? = nil
    ) {
        self.formatVersion = APIContext.currentFormatVersion
        self.api = api
        self.apiKeyFingerprint = apiKeyFingerprint
        self.installation = installation
        self.deviceServerId = deviceServerId
        self.session = session
    }

    /// True when this context was made for the same API and key: otherwise it must not be
    /// reused (a different key or URL means a different device and user).
    public func belongs(to environment: BunqEnvironment, apiKey: BunqAPIKey) -> Bool {
        formatVersion == APIContext.currentFormatVersion && api == environment.contextIdentity
            && apiKeyFingerprint == apiKey.fingerprint
    }

    enum CodingKeys: String, CodingKey {
        case installation, session
        case formatVersion = "format_version"
        case api
        case apiKeyFingerprint = "api_key_fingerprint"
        case deviceServerId = "device_server_id"
    }

    public var description: String {
        "APIContext(\(api), device \(deviceServerId.map(String.init) ?? "none"), "
            + "session \(session.map { "for user \($0.userId) until \($0.expires)" } ?? "none"), secrets redacted)"
    }

    public var debugDescription: String { description }
}
