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
