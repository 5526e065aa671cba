import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// bunq's timestamp format: `YYYY-MM-DD hh:mm:ss.ffffff` in UTC, no `T`, no zone.
enum BunqTimestamp {
    static func string(from date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = time_t(interval.rounded(.down))
        var micros = Int(((interval - Double(seconds)) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            micros -= 1_000_000
            seconds += 1
        }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-" + pad(Int(parts.tm_mday), 2)
            + " " + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
            + "." + pad(micros, 6)
    }

    /// Parses a bunq timestamp; nil when the text is not exactly in bunq's format.
    static func date(from text: String) -> Date? {
        let bytes = Array(text.utf8)
        // "YYYY-MM-DD hh:mm:ss" optionally followed by "." and 1 to 6 fraction digits.
        guard bytes.count >= 19, bytes.count != 20, bytes.count <= 26 else { return nil }
        let separators: [Int: UInt8] = [4: 0x2D, 7: 0x2D, 10: 0x20, 13: 0x3A, 16: 0x3A]
        for position in 0..<19 {
            if let separator = separators[position] {
                guard bytes[position] == separator else { return nil }
            } else if !(0x30...0x39).contains(bytes[position]) {
                return nil
            }
        }
        var fraction = 0.0
        if bytes.count > 19 {
            guard bytes[19] == 0x2E, bytes[20...].allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            fraction = Double("0." + String(decoding: bytes[20...], as: UTF8.self)) ?? 0
        }
        func number(_ range: Range<Int>) -> Int32 { Int32(String(decoding: bytes[range], as: UTF8.self))! }
        var parts = tm()
        parts.tm_year = number(0..<4) - 1900
        parts.tm_mon = number(5..<7) - 1
        parts.tm_mday = number(8..<10)
        parts.tm_hour = number(11..<13)
        parts.tm_min = number(14..<16)
        parts.tm_sec = number(17..<19)
        guard (0...11).contains(parts.tm_mon), (1...31).contains(parts.tm_mday), (0...23).contains(parts.tm_hour),
            (0...59).contains(parts.tm_min), (0...60).contains(parts.tm_sec)
        else { return nil }
        let day = parts.tm_mday
        let seconds = timegm(&parts)
        // timegm normalises 31 February into March: reject dates that do not exist.
        guard parts.tm_mday == day else { return nil }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func pad(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
