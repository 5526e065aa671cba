/// What a plain (unquoted) YAML scalar means under YAML 1.1's implicit typing, the rules
/// PyYAML and most editors apply. Yams would answer the same through a list of regular
/// expressions run for every scalar (NSRegularExpression: seconds on a 10,000-card policy),
/// so plain scalars are typed here by hand instead.
enum PlainScalarType: Equatable {
    case string, integer, float, bool, null, timestamp

    static let booleans: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF"
    ]
    static let nulls: Set<String> = ["", "~", "null", "Null", "NULL"]

    static func of(_ text: String) -> PlainScalarType {
        // Most scalars are names and words: decide those from the first byte, cheaply.
        guard let first = text.utf8.first else { return .null }
        guard first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".") || isDigit(first) else {
            if text.utf8.count > 5 { return .string }
            if nulls.contains(text) { return .null }
            return booleans.contains(text) ? .bool : .string
        }
        let bytes = Array(text.utf8)
        // Timestamps are the only typed scalars with a '-' after the first byte.
        if bytes.count >= 8, bytes[4] == UInt8(ascii: "-") || bytes[3] == UInt8(ascii: "-"), isTimestamp(bytes) { return .timestamp }
        if isInteger(bytes) { return .integer }
        if isFloat(bytes) { return .float }
        return .string
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    private static func isInteger(_ all: [UInt8]) -> Bool {
        var bytes = all[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        guard !bytes.isEmpty else { return false }
        let underscore = UInt8(ascii: "_")
        if bytes.starts(with: Array("0b".utf8)) {
            return bytes.count > 2 && bytes.dropFirst(2).allSatisfy { $0 == 48 || $0 == 49 || $0 == underscore }
        }
        if bytes.starts(with: Array("0x".utf8)) {
            return bytes.count > 2 && bytes.dropFirst(2).allSatisfy { isDigit($0) || $0 == underscore || (65...70).contains($0) || (97...102).contains($0) }
        }
        if bytes.first == 48 {
            return bytes.dropFirst().allSatisfy { (48...55).contains($0) || $0 == underscore }
        }
        // Decimal, or sexagesimal (190:20:30), which YAML 1.1 also reads as an integer.
        guard isDigit(bytes.first!) else { return false }
        var groups = bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        let head = groups.removeFirst()
        guard head.allSatisfy({ isDigit($0) || $0 == underscore }) else { return false }
        return groups.allSatisfy { group in
            (1...2).contains(group.count) && group.allSatisfy(isDigit) && (group.count == 1 || group.first! <= 53)
        }
    }

    private static func isFloat(_ all: [UInt8]) -> Bool {
        var bytes = all[...]
        let text = String(decoding: bytes, as: UTF8.self)
        if [".nan", ".NaN", ".NAN"].contains(text) { return true }
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        if [".inf", ".Inf", ".INF"].contains(String(decoding: bytes, as: UTF8.self)) { return true }
        // [0-9][0-9_]* optional, then '.', then [0-9.]*, then an optional exponent [eE][-+][0-9]+.
        var index = bytes.startIndex
        if index < bytes.endIndex, isDigit(bytes[index]) {
            while index < bytes.endIndex, isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "_") || bytes[index] == UInt8(ascii: ":") { index += 1 }
        }
        guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") else { return false }
        index += 1
        while index < bytes.endIndex, isDigit(bytes[index]) || bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "_") { index += 1 }
        if index == bytes.endIndex { return true }
        guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else { return false }
        index += 1
        guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") else { return false }
        index += 1
        return index < bytes.endIndex && bytes[index...].allSatisfy(isDigit)
    }

    /// `2026-12-31`, or a date and time as YAML 1.1 timestamps allow.
    private static func isTimestamp(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 8, bytes.count <= 40 else { return false }
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[0].utf8.allSatisfy(isDigit),
            (1...2).contains(parts[1].count), parts[1].utf8.allSatisfy(isDigit)
        else { return false }
        let rest = parts[2].utf8
        let dayDigits = rest.prefix(while: isDigit)
        guard (1...2).contains(dayDigits.count) else { return false }
        if dayDigits.count == rest.count { return parts[1].count == 2 && dayDigits.count == 2 }
        // A time part follows: [Tt] or blanks, then hh:mm:ss, fraction and zone are loosely checked.
        let time = rest.dropFirst(dayDigits.count)
        guard let separator = time.first,
            separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t")
                || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "\t")
        else { return false }
        let clock = String(decoding: time.drop { $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: "t") || $0 == 32 || $0 == 9 }, as: UTF8.self)
        let fields = clock.prefix { $0.isNumber || $0 == ":" }.split(separator: ":", omittingEmptySubsequences: false)
        return fields.count == 3 && (1...2).contains(fields[0].count) && fields[1].count == 2 && fields[2].count == 2
    }
}
