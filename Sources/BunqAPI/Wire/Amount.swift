import Foundation

/// A bunq amount: `{"value": "12.50", "currency": "EUR"}`, exact to the cent.
///
/// bunq sends the value as a string with two decimals. It is held as `Decimal`
/// (never `Double`) so "1000" and "1000.00" compare equal and nothing rounds.
public struct Amount: Codable, Hashable, Sendable, CustomStringConvertible {
    public var value: Decimal
    public var currency: String

    public init(value: Decimal, currency: String) {
        self.value = value
        self.currency = currency
    }

    /// Parses a decimal string such as `"12.5"` or `"-3.00"`; nil for anything
    /// `Decimal(string:)` would otherwise half-accept (`"12abc"`, `"1,00"`, `"1e3"`).
    public init?(parsing text: String, currency: String) {
        guard let value = Amount.decimal(from: text) else { return nil }
        self.init(value: value, currency: currency)
    }

    /// The value as bunq writes it: two decimals, no grouping, `.` as separator.
    public var formattedValue: String {
        Amount.twoDecimalText(value)
    }

    public var description: String { "\(formattedValue) \(currency)" }

    /// True when the value has at most two decimals, i.e. it can be sent without rounding.
    public var isWholeCents: Bool {
        var scaled = value * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        return rounded == scaled
    }

    enum CodingKeys: String, CodingKey {
        case value, currency
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .value)
        guard let value = Amount.decimal(from: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .value, in: container, debugDescription: "not a decimal amount: \"\(text)\"")
        }
        self.value = value
        self.currency = try container.decode(String.self, forKey: .currency)
    }

    public func encode(to encoder: Encoder) throws {
        // Rounding money silently would send a different limit than the policy says.
        guard isWholeCents else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: encoder.codingPath, debugDescription: "amount \(value) has more than 2 decimals"))
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formattedValue, forKey: .value)
        try container.encode(currency, forKey: .currency)
    }

    /// No locale: `.` is the separator, and asking a Locale for it pages in ICU's data,
    /// megabytes of a plan's memory.
    private static func decimal(from text: String) -> Decimal? {
        guard isPlainDecimal(text) else { return nil }
        return Decimal(string: text, locale: nil)
    }

    /// Two decimals (bankers' rounding, as Foundation's number format), plain digits, `.`.
    /// Built from `Decimal.description`, which needs no locale; a number FormatStyle does.
    static func twoDecimalText(_ value: Decimal) -> String {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .bankers)
        let parts = rounded.description.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        return String(parts[0]) + "." + (fraction + "00").prefix(2)
    }

    /// `-?[0-9]+(\.[0-9]+)?`, checked by hand: cheaper than a regex on every card of a list.
    private static func isPlainDecimal(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let integerPart = bytes.prefix(while: isDigit)
        guard !integerPart.isEmpty else { return false }
        let rest = bytes.dropFirst(integerPart.count)
        if rest.isEmpty { return true }
        guard rest.first == UInt8(ascii: ".") else { return false }
        let fraction = rest.dropFirst()
        return !fraction.isEmpty && fraction.allSatisfy(isDigit)
    }
}
