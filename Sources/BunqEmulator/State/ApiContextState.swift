/// What the emulator remembers of API contexts: its own key, installations, devices and
/// sessions. Persisted so that a client's saved context keeps working after a restart.
public struct ApiContextState: Codable, Equatable, Sendable {
    /// The emulator's RSA private key (PKCS#8 PEM) that signs every 2xx response body.
    /// Created on first start when absent.
    public var serverPrivateKeyPem: String?
    public var installations: [Installation]
    public var deviceServers: [DeviceServer]
    public var sessions: [SessionServer]

    public init(
        serverPrivateKeyPem: String? = nil, installations: [Installation] = [],
        deviceServers: [DeviceServer] = [], sessions: [SessionServer] = []
    ) {
        self.serverPrivateKeyPem = serverPrivateKeyPem
        self.installations = installations
        self.deviceServers = deviceServers
        self.sessions = sessions
    }
}

/// `POST /installation`: a client public key and the token issued for it.
public struct Installation: Codable, Equatable, Sendable {
    public var id: Int
    public var created: String
    public var token: String
    public var clientPublicKeyPem: String
    /// Request ids used with the installation token before any device existed.
    public var usedRequestIds: [String]

    public init(id: Int, created: String, token: String, clientPublicKeyPem: String, usedRequestIds: [String] = []) {
        self.id = id
        self.created = created
        self.token = token
        self.clientPublicKeyPem = clientPublicKeyPem
        self.usedRequestIds = usedRequestIds
    }
}

/// `POST /device-server`: an API key bound to an installation.
public struct DeviceServer: Codable, Equatable, Sendable {
    public var id: Int
    public var installationId: Int
    public var created: String
    public var description: String
    /// SHA-256 (hex) of the API key: the key itself is a secret and is not stored.
    public var apiKeyHash: String
    public var permittedIps: [String]
    /// Every `X-Bunq-Client-Request-Id` this device has used; bunq rejects a repeat.
    public var usedRequestIds: [String]

    public init(
        id: Int, installationId: Int, created: String, description: String, apiKeyHash: String,
        permittedIps: [String] = [], usedRequestIds: [String] = []
    ) {
        self.id = id
        self.installationId = installationId
        self.created = created
        self.description = description
        self.apiKeyHash = apiKeyHash
        self.permittedIps = permittedIps
        self.usedRequestIds = usedRequestIds
    }
}

/// `POST /session-server`: a session token, valid until `expiresAt`.
public struct SessionServer: Codable, Equatable, Sendable {
    public var id: Int
    public var created: String
    public var token: String
    public var installationId: Int
    public var deviceServerId: Int
    public var userId: Int
    /// bunq timestamp after which the token answers 401.
    public var expiresAt: String

    public init(id: Int, created: String, token: String, installationId: Int, deviceServerId: Int, userId: Int, expiresAt: String) {
        self.id = id
        self.created = created
        self.token = token
        self.installationId = installationId
        self.deviceServerId = deviceServerId
        self.userId = userId
        self.expiresAt = expiresAt
    }
}
