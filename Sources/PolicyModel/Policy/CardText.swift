/// Text printed on a card (`second_line`, `preferred_name_on_card`): what a policy may set,
/// shared by the loader and the JSON Schema so the two accept the same values.
public struct CardText: Sendable {
    /// The policy key.
    public let key: String
    /// The most characters bunq takes, counted as Unicode code points (as JSON Schema counts):
    /// never fewer than the characters a person sees, so a value accepted here is never too long for bunq.
    public let maxLength: Int
    /// Why the limit is what it is, for the error message.
    let reason: String

    /// bunq's card order allows at most 17 characters.
    public static let secondLine = CardText(key: "second_line", maxLength: 17, reason: "bunq prints at most 17 on the card")
    /// bunq states no limit for it; 40 is what the emulator refuses above, so a policy never
    /// plans a name that the write would refuse.
    public static let preferredName = CardText(key: "preferred_name_on_card", maxLength: 40, reason: "bunq takes at most 40")

    /// Whether a policy may set `value`: the same rules the loader reports on.
    public func accepts(_ value: String) -> Bool {
        !value.isEmpty && value.unicodeScalars.count <= maxLength && !value.unicodeScalars.contains(where: Self.isUnprintable)
            && value.first?.isWhitespace == false && value.last?.isWhitespace == false
    }

    /// Control characters and line or paragraph separators cannot be printed on a card.
    static func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}

extension NodeReader {
    /// An empty value is refused although bunq takes one: plans, exports and `match` name a
    /// card by its second line, and an empty one is more often a template left unfilled than
    /// a wish. Spaces at either end are refused because bunq may trim them, and then every
    /// plan would send the name again (and a physical card may be reprinted each time).
    func cardText(_ node: YAMLNode, _ text: CardText) -> String? {
        let what = "`\(text.key)`"
        guard let value = nonEmptyString(node, what) else { return nil }
        if let bad = value.unicodeScalars.first(where: CardText.isUnprintable) {
            error(node, "\(what) cannot contain the control character U+\(String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4))")
            return nil
        }
        if value.first?.isWhitespace == true || value.last?.isWhitespace == true {
            error(node, "\(what) cannot begin or end with a space, found \"\(Self.clip(value))\"")
            return nil
        }
        let length = value.unicodeScalars.count
        guard length <= text.maxLength else {
            error(node, "\(what) can be at most \(text.maxLength) characters (\(text.reason)), found \(length): \"\(Self.clip(value))\"")
            return nil
        }
        return value
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
