import Foundation

/// A country where the card works, optionally only until a moment (bunq's write-only `expiry_time`).
public struct CountryPermission: Hashable, Sendable {
    public var country: String
    public var expiry: Expiry?
    public var location: SourceLocation

    public init(country: String, expiry: Expiry? = nil, location: SourceLocation) {
        self.country = country
        self.expiry = expiry
        self.location = location
    }

    /// A permission whose `until` has passed is inactive: it is neither sent nor expected live.
    public func isActive(at now: Date) -> Bool {
        guard let expiry else { return true }
        return expiry.date > now
    }
}

/// When a country permission ends: the end of a day (UTC) or an exact instant.
public enum Expiry: Hashable, Sendable, CustomStringConvertible {
    case endOfDay(year: Int, month: Int, day: Int)
    case instant(Date)

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The last moment the permission holds: a date means through 23:59:59 UTC of that day.
    public var date: Date {
        switch self {
        case let .endOfDay(year, month, day):
            let start = Self.utc.date(from: DateComponents(year: year, month: month, day: day))!
            return start.addingTimeInterval(86_399)
        case let .instant(date):
            return date
        }
    }

    /// bunq's `expiry_time`: `YYYY-MM-DD hh:mm:ss.ssssss` in UTC.
    public var bunqExpiryTime: String {
        let parts = Self.utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d.000000",
            parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
    }

    public var description: String {
        switch self {
        case let .endOfDay(year, month, day): return String(format: "%04d-%02d-%02d", year, month, day)
        case .instant: return bunqExpiryTime.prefix(19) + " UTC"
        }
    }

    /// `2026-12-31`, or a timestamp with a zone: `2026-12-31T18:00:00+01:00`, `2026-12-31 17:00:00Z`.
    public static func parse(_ text: String) -> Expiry? {
        let chars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count else { return nil }
            var value = 0
            for c in chars[range] {
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard chars.count >= 10, let year = number(0..<4), chars[4] == 45, let month = number(5..<7),
            chars[7] == 45, let day = number(8..<10)
        else { return nil }
        guard let start = utc.date(from: DateComponents(year: year, month: month, day: day)),
            utc.dateComponents([.year, .month, .day], from: start) == DateComponents(year: year, month: month, day: day)
        else { return nil }
        if chars.count == 10 { return .endOfDay(year: year, month: month, day: day) }
        // Time part: [T ]hh:mm[:ss[.fraction]] then Z or ±hh:mm.
        guard chars[10] == 84 || chars[10] == 32, let hour = number(11..<13), chars.count > 13, chars[13] == 58,
            let minute = number(14..<16), hour < 24, minute < 60
        else { return nil }
        var index = 16
        var second = 0
        if index < chars.count, chars[index] == 58 {
            guard let s = number(index + 1..<index + 3), s < 60 else { return nil }
            second = s
            index += 3
            if index < chars.count, chars[index] == 46 {
                index += 1
                let fractionStart = index
                while index < chars.count, chars[index] >= 48, chars[index] <= 57 { index += 1 }
                guard index > fractionStart else { return nil }
            }
        }
        var offset = 0
        guard index < chars.count else { return nil } // a zone is required
        if chars[index] == 90, index == chars.count - 1 {
            offset = 0
        } else if chars[index] == 43 || chars[index] == 45, chars.count == index + 6, chars[index + 3] == 58,
            let h = number(index + 1..<index + 3), let m = number(index + 4..<index + 6), h < 24, m < 60
        {
            offset = (h * 3600 + m * 60) * (chars[index] == 45 ? -1 : 1)
        } else {
            return nil
        }
        let local = start.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60 + second))
        return .instant(local.addingTimeInterval(TimeInterval(-offset)))
    }
}

extension NodeReader {
    /// `countries:` — the complete list of allowed countries.
    func countryPermissions(_ node: YAMLNode) -> [CountryPermission]? {
        guard let items = sequence(node, "`countries`") else { return nil }
        var result: [CountryPermission] = []
        var seen: [String: SourceLocation] = [:]
        var valid = true
        for item in items {
            guard let permission = countryPermission(item) else { valid = false; continue }
            if let first = seen[permission.country] {
                error(item, "country \(permission.country) is listed twice (first at line \(first.line))")
                valid = false
                continue
            }
            seen[permission.country] = permission.location
            if let expiry = permission.expiry, !permission.isActive(at: now) {
                warning(item, "permission for \(permission.country) ended \(expiry); it is inactive and will not be sent")
            }
            result.append(permission)
        }
        if valid, items.isEmpty {
            warning(node, "no country is allowed: the card will be declined everywhere")
        }
        return valid ? result : nil
    }

    private func countryPermission(_ node: YAMLNode) -> CountryPermission? {
        if case .mapping(let mapping) = node {
            var country: String?
            var expiry: Expiry?
            var ok = true
            var sawCountry = false
            for entry in entries(mapping, allowed: ["country", "until"], in: "a country permission") {
                switch entry.key {
                case "country":
                    sawCountry = true
                    country = countryCode(entry.value)
                    if country == nil { ok = false }
                default:
                    expiry = until(entry.value)
                    if expiry == nil { ok = false }
                }
            }
            if !sawCountry { error(node, "a country permission needs `country`"); return nil }
            guard ok, let country else { return nil }
            return CountryPermission(country: country, expiry: expiry, location: location(node))
        }
        guard let code = countryCode(node) else { return nil }
        return CountryPermission(country: code, location: location(node))
    }

    func countryCode(_ node: YAMLNode) -> String? {
        if case .scalar(let scalar) = node, kind(of: scalar) == .bool, scalar.string.uppercased() == "NO" {
            error(node, "YAML reads a bare \(scalar.string) as the boolean false; write \"NO\" (quoted) for Norway")
            return nil
        }
        guard let code = string(node, "a country") else { return nil }
        guard ISOCodes.countrySet.contains(code) else {
            if ISOCodes.countrySet.contains(code.uppercased()) {
                error(node, "country codes are upper case: \(code.uppercased())")
            } else if let meant = ISOCodes.countryAliases[code.uppercased()] {
                error(node, "\"\(Self.clip(code))\" is not an ISO 3166-1 alpha-2 country code; did you mean \(meant.code) (\(meant.name))?")
            } else {
                error(node, "\"\(Self.clip(code))\" is not an ISO 3166-1 alpha-2 country code")
            }
            return nil
        }
        return code
    }

    private func until(_ node: YAMLNode) -> Expiry? {
        guard case .scalar(let scalar) = node, [.string, .timestamp].contains(kind(of: scalar)) else {
            error(node, "`until` must be a date (2026-12-31) or a timestamp with a zone, found \(describe(node))")
            return nil
        }
        guard let expiry = Expiry.parse(scalar.string) else {
            if let problem = Expiry.calendarProblem(scalar.string) {
                error(node, "`until`: \(problem), found \"\(Self.clip(scalar.string))\"")
                return nil
            }
            error(node, "`until` must be a date (2026-12-31) or a timestamp with a zone (2026-12-31T18:00:00+01:00), found \"\(Self.clip(scalar.string))\"")
            return nil
        }
        return expiry
    }
}
