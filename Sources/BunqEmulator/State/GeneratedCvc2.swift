/// A generated CVC2 of a card (`/card/{id}/generated-cvc2`).
public struct GeneratedCvc2: Codable, Equatable, Sendable {
    public var id: Int
    public var cardId: Int
    public var created: String
    public var updated: String
    /// STATIC or GENERATED.
    public var type: String
    /// The code itself: a live secret on bunq, so never logged.
    public var cvc2: String
    /// AVAILABLE, USED, EXPIRED or BLOCKED.
    public var status: String
    public var expiryTime: String

    public init(id: Int, cardId: Int, created: String, type: String, cvc2: String, status: String = "AVAILABLE", expiryTime: String) {
        self.id = id
        self.cardId = cardId
        self.created = created
        self.updated = created
        self.type = type
        self.cvc2 = cvc2
        self.status = status
        self.expiryTime = expiryTime
    }
}
