/// Whether online payments use the card's printed CVC2 or one generated per use.
public enum CVC2Type: String, Codable, Sendable, CaseIterable {
    case staticCode = "STATIC"
    case generated = "GENERATED"
}
