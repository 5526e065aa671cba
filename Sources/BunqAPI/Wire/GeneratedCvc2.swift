/// A generated-CVC2 record of a card (`/user/{userID}/card/{cardID}/generated-cvc2`).
///
/// The `cvc2` code itself is a live secret (anyone who reads it can pay online) and is deliberately not decoded:
/// cardpolicy only manages the `type`, and a value never read cannot leak into a log.
public struct GeneratedCvc2: Codable, Hashable, Sendable, Identifiable {
    public var id: Int
    public var created: BunqTimestamp?
    public var updated: BunqTimestamp?
    /// `STATIC` or `GENERATED`.
    public var type: String?
    /// `AVAILABLE`, `USED`, `EXPIRED` or `BLOCKED`.
    public var status: String?
    public var expiryTime: BunqTimestamp?

    public init(
        id: Int, created: BunqTimestamp? = nil, updated: BunqTimestamp? = nil, type: String? = nil,
        status: String? = nil, expiryTime: BunqTimestamp? = nil
    ) {
        self.id = id
        self.created = created
        self.updated = updated
        self.type = type
        self.status = status
        self.expiryTime = expiryTime
    }

    enum CodingKeys: String, CodingKey {
        case id, created, updated, type, status
        case expiryTime = "expiry_time"
    }
}

/// The body of a generated-cvc2 POST or PUT: `{"type": "GENERATED"}`.
public struct GeneratedCvc2Update: Codable, Hashable, Sendable {
    public var type: String

    public init(type: String) { self.type = type }
}
