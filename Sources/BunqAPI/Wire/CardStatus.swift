/// A card's `status`. A string wrapper, not an enum, so a value bunq adds tomorrow
/// still decodes; the known values are constants. Codable as the bare string, by the
/// standard library's conformance for String-backed RawRepresentable types.
public struct CardStatus: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static let active = CardStatus(rawValue: "ACTIVE")
    public static let deactivated = CardStatus(rawValue: "DEACTIVATED")
    public static let lost = CardStatus(rawValue: "LOST")
    public static let stolen = CardStatus(rawValue: "STOLEN")
    public static let cancelled = CardStatus(rawValue: "CANCELLED")
    public static let expired = CardStatus(rawValue: "EXPIRED")
    public static let pinTriesExceeded = CardStatus(rawValue: "PIN_TRIES_EXCEEDED")

    /// Statuses no API call changes back, so a card in one can no longer be changed at all.
    /// LOST, STOLEN and CANCELLED end a card on request; bunq sets EXPIRED and
    /// PIN_TRIES_EXCEEDED itself, and a PUT cannot set the card ACTIVE again from either.
    public static let final: Set<CardStatus> = [.lost, .stolen, .cancelled, .expired, .pinTriesExceeded]

    public var isFinal: Bool { Self.final.contains(self) }
}

/// A card's `order_status` (production and delivery state).
public struct CardOrderStatus: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static let newCardRequestReceived = CardOrderStatus(rawValue: "NEW_CARD_REQUEST_RECEIVED")
    public static let cardRequestPending = CardOrderStatus(rawValue: "CARD_REQUEST_PENDING")
    public static let sentForProduction = CardOrderStatus(rawValue: "SENT_FOR_PRODUCTION")
    public static let acceptedForProduction = CardOrderStatus(rawValue: "ACCEPTED_FOR_PRODUCTION")
    public static let deliveredToCustomer = CardOrderStatus(rawValue: "DELIVERED_TO_CUSTOMER")
    public static let cardUpdateRequested = CardOrderStatus(rawValue: "CARD_UPDATE_REQUESTED")
    public static let cardUpdatePending = CardOrderStatus(rawValue: "CARD_UPDATE_PENDING")
    public static let cardUpdateSent = CardOrderStatus(rawValue: "CARD_UPDATE_SENT")
    public static let cardUpdateAccepted = CardOrderStatus(rawValue: "CARD_UPDATE_ACCEPTED")
    public static let virtualDelivery = CardOrderStatus(rawValue: "VIRTUAL_DELIVERY")
}
