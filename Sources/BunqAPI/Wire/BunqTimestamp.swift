import Foundation

/// A bunq timestamp, `2017-01-13 13:19:16.215235`, always UTC.
///
/// Not ISO-8601 (no `T`, no zone), so neither `ISO8601DateFormatter` nor `Date`'s
/// Codable strategies read it. Held as whole seconds plus microseconds so a value
/// read from bunq prints back byte for byte; `Date` (a Double) would not.
public struct BunqTimestamp: Codable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01 00:00:00 UTC.
    public let secondsSince1970: Int64
    /// 0 ..< 1_000_000.
    public let microseconds: Int

    public init(secondsSince1970: Int64, microseconds: Int = 0) {
        precondition((0..<1_000_000).contains(microseconds), "microseconds out of range")
        self.secondsSince1970 = secondsSince1970
        self.microseconds = microseconds
    }

    public init(_ date: Date) {
        let totalMicros = (date.timeIntervalSince1970 * 1_000_000).rounded(.down)
        let micros = Int64(totalMicros)
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        self.init(secondsSince1970: seconds, microseconds: Int(micros - seconds * 1_000_000))
    }

    /// The end of a calendar day in UTC, as cardpolicy sends country-permission expiry:
    /// `YYYY-MM-DD 23:59:59.000000`.
    public static func endOfDay(year: Int, month: Int, day: Int) -> BunqTimestamp {
        BunqTimestamp(secondsSince1970: daysFromCivil(year, month, day) * 86_400 + 86_399)
    }

    public var date: Date {
        Date(timeIntervalSince1970: TimeInterval(secondsSince1970) + TimeInterval(microseconds) / 1_000_000)
    }

    /// Parses `YYYY-MM-DD hh:mm:ss` with an optional fraction of 1 to 6 digits.
    public init?(bunqString text: String) {
        let b = Array(text.utf8)
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: " "),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let year = Self.number(b, 0..<4), let month = Self.number(b, 5..<7), let day = Self.number(b, 8..<10),
            let hour = Self.number(b, 11..<13), let minute = Self.number(b, 14..<16), let second = Self.number(b, 17..<19),
            (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var micros = 0
        if b.count > 19 {
            let digits = b.count - 20
            guard b[19] == UInt8(ascii: "."), (1...6).contains(digits), let fraction = Self.number(b, 20..<b.count) else {
                return nil
            }
            micros = fraction * Self.powersOfTen[6 - digits]
        }
        let days = Self.daysFromCivil(year, month, day)
        self.init(secondsSince1970: days * 86_400 + Int64(hour * 3600 + minute * 60 + second), microseconds: micros)
    }

    /// `YYYY-MM-DD hh:mm:ss.ffffff`, the form bunq sends and accepts.
    public var bunqString: String {
        let days = secondsSince1970 >= 0 ? secondsSince1970 / 86_400 : (secondsSince1970 - 86_399) / 86_400
        let secondOfDay = Int(secondsSince1970 - days * 86_400)
        let (year, month, day) = Self.civilFromDays(days)
        return Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2) + " "
            + Self.pad(secondOfDay / 3600, 2) + ":" + Self.pad(secondOfDay / 60 % 60, 2) + ":"
            + Self.pad(secondOfDay % 60, 2) + "." + Self.pad(microseconds, 6)
    }

    public var description: String { bunqString }

    public static func < (lhs: BunqTimestamp, rhs: BunqTimestamp) -> Bool {
        (lhs.secondsSince1970, lhs.microseconds) < (rhs.secondsSince1970, rhs.microseconds)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = BunqTimestamp(bunqString: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a bunq timestamp: \"\(text)\"")
        }
        self = parsed
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(bunqString)
    }

    // MARK: - Civil calendar arithmetic (proleptic Gregorian, after Howard Hinnant)

    private static let powersOfTen = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000]

    private static func number(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        var result = 0
        for index in range {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            result = result * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return result
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
