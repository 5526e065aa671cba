import Foundation

/// An amount as a policy states it (a limit), with its currency, held exactly (never as a
/// binary float). BunqAPI's `Amount` is the same quantity as bunq sends it; the Reconciler
/// converts one to the other where live state meets the policy.
public struct PolicyAmount: Hashable, Codable, Sendable, CustomStringConvertible {
    public var value: Decimal
    public var currency: String

    public init(value: Decimal, currency: String) {
        self.value = value
        self.currency = currency
    }

    /// `"100.00"`: bunq's wire form, always two decimals.
    public var valueText: String { PolicyAmount.format(value) }

    /// `"100.00 EUR"`, the form policies and plans use.
    public var description: String { "\(valueText) \(currency)" }

    /// The same rule as `isWellFormed`, for the JSON Schema.
    static let valuePattern = "(0|[1-9][0-9]{0,11})(\\.[0-9]{1,2})?"

    /// Non-negative, no leading zeros, at most 12 integer digits and two decimals. Checked
    /// by hand before `Decimal(string:)`, which would accept "12abc" as 12.
    static func isWellFormed(_ text: Substring.UTF8View) -> Bool {
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        let parts = text.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        guard (1...12).contains(whole.count), whole.allSatisfy(digits.contains) else { return false }
        if whole.count > 1, whole.first == UInt8(ascii: "0") { return false }
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...2).contains(fraction.count), fraction.allSatisfy(digits.contains) else { return false }
        }
        return true
    }

    /// Parses a non-negative decimal text with at most two decimals; nil for anything else.
    public static func parseValue(_ text: String) -> Decimal? {
        guard isWellFormed(Substring(text).utf8) else { return nil }
        // Built from the digits, exactly: Foundation's Decimal scanner is slow on Linux.
        var significand: UInt64 = 0
        var fractionDigits = 0
        var seenPoint = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") { seenPoint = true; continue }
            significand = significand * 10 + UInt64(byte - UInt8(ascii: "0"))
            if seenPoint { fractionDigits += 1 }
        }
        return Decimal(sign: .plus, exponent: -fractionDigits, significand: Decimal(significand))
    }

    /// Two decimals, plain digits, `.`. From `Decimal.description`, which needs no locale: a
    /// number FormatStyle pages in ICU's locale data, megabytes of a plan's memory.
    public static func format(_ value: Decimal) -> String {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .bankers)
        let parts = rounded.description.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        return String(parts[0]) + "." + (fraction + "00").prefix(2)
    }
}
