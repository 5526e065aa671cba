/// What is wrong with an amount's value or currency, in the words a person fixes it by.
/// "at most 2 decimals" for `007` sent readers looking for decimals that are not there.
enum AmountProblems {
    /// The value text failed `PolicyAmount.isWellFormed`: say which of its rules.
    static func value(_ text: String, _ what: String) -> String {
        let quoted = "\"\(NodeReader.clip(text))\""
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let isDigits = { (part: Substring) in !part.isEmpty && part.allSatisfy { ("0"..."9").contains($0) } }
        guard isDigits(whole), parts.count == 1 || isDigits(parts[1]) else {
            return "\(what) must be a decimal number with `.` for the point (such as 100.00), found \(quoted)"
        }
        if whole.count > 1, whole.first == "0" {
            let trimmed = whole.drop { $0 == "0" }
            let fixed = (trimmed.isEmpty ? "0" : String(trimmed)) + (parts.count == 2 ? "." + parts[1] : "")
            return "\(what) has a leading zero in \(quoted); write \(fixed)"
        }
        if whole.count > 12 {
            return "\(what) has \(whole.count) digits before the point, more than the 12 bunq takes, found \(quoted)"
        }
        return "\(what) must be a decimal with at most 2 decimals (such as 100.00), found \(quoted)"
    }

    /// `usd` → the upper-case hint; `EUR 100` (the scalar's parts swapped) → the order.
    static func currency(_ code: String, swappedWith value: String? = nil) -> String {
        if let value, ISOCodes.currencySet.contains(value.uppercased()), PolicyAmount.parseValue(code) != nil {
            return "an amount is the value, then the currency: write \"\(NodeReader.clip(code)) \(value.uppercased())\""
        }
        if ISOCodes.currencySet.contains(code.uppercased()) {
            return "currency codes are upper case: \(code.uppercased())"
        }
        return "\"\(NodeReader.clip(code))\" is not an ISO 4217 currency code"
    }
}
