import Foundation

/// An amount as the emulator stores and serves it: `{"value": "12.50", "currency": "EUR"}`,
/// the value kept as bunq's two-decimal string so a state file round-trips byte for byte.
public struct StoredAmount: Codable, Equatable, Sendable {
    /// Always two decimals, e.g. "1000.00".
    public var value: String
    public var currency: String

    public init(value: String, currency: String = "EUR") {
        self.value = AmountText.normalised(value) ?? value
        self.currency = currency
    }

    var json: JSONValue {
        .object([("currency", .string(currency)), ("value", .string(value))])
    }
}

/// Parsing and formatting of money values, exact (Decimal, never Double).
enum AmountText {
    /// The value with exactly two decimals, or nil when it is not a plain non-negative
    /// decimal with at most two decimals ("12", "12.5", "12.50"; not "12,50", "1e3", "-1").
    static func normalised(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 20 else { return nil }
        var sawDot = false
        var decimals = 0
        var integerDigits = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !sawDot, integerDigits > 0 else { return nil }
                sawDot = true
            } else if (0x30...0x39).contains(byte) {
                if sawDot { decimals += 1 } else { integerDigits += 1 }
            } else {
                return nil
            }
        }
        guard integerDigits > 0, decimals <= 2, !(sawDot && decimals == 0) else { return nil }
        guard let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        return format(decimal)
    }

    static func format(_ decimal: Decimal) -> String {
        decimal.formatted(
            .number.precision(.fractionLength(2)).grouping(.never).locale(Locale(identifier: "en_US_POSIX"))
        )
    }

    /// ISO 4217 shape: three upper-case letters.
    static func isCurrencyCode(_ text: String) -> Bool {
        text.utf8.count == 3 && text.utf8.allSatisfy { (0x41...0x5A).contains($0) }
    }
}
