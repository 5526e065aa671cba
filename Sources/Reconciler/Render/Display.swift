/// Text from bunq (a card's second line) is shown, never interpreted: control characters
/// would let a card name move the cursor or recolour a terminal.
enum Display {
    static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}
