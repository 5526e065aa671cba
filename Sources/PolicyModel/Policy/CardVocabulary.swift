/// A card status cardpolicy may ask for. EXPIRED and PIN_TRIES_EXCEEDED are set by bunq only.
public enum SettableCardStatus: String, Codable, Sendable, CaseIterable {
    case active = "ACTIVE"
    case deactivated = "DEACTIVATED"
    case lost = "LOST"
    case stolen = "STOLEN"
    case cancelled = "CANCELLED"

    /// LOST, STOLEN and CANCELLED end a card for good; bunq cannot undo them.
    public var isIrreversible: Bool { self == .lost || self == .stolen || self == .cancelled }
}

/// Whether online payments use the card's printed CVC2 or one generated per use.
public enum CVC2Type: String, Codable, Sendable, CaseIterable {
    case staticCode = "STATIC"
    case generated = "GENERATED"
}

/// Callback categories bunq accepts (the union of bunq's documentation and its OpenAPI spec, which has no enum for them).
public enum NotificationCategory {
    public static let all: [String] = [
        "BILLING", "BUNQME_TAB", "CARD_TRANSACTION_FAILED", "CARD_TRANSACTION_SUCCESSFUL", "CHAT",
        "DRAFT_PAYMENT", "IDEAL", "MONETARY_ACCOUNT_PROFILE", "MUTATION", "OAUTH", "PAYMENT", "PROMOTION",
        "REQUEST", "SCHEDULE_RESULT", "SCHEDULE_STATUS", "SHARE", "SOFORT", "SUPPORT", "TAB_RESULT",
        "USER_APPROVAL"
    ]
    /// bunq rejects a third callback URL for the same category in one scope.
    public static let maxTargetsPerCategory = 2
}
