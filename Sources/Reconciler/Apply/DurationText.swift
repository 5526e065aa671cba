/// Durations as `--lock-timeout` and `--plan-ttl` take them: `30s`, `5m`, `1h`, `7d`, `500ms`, or plain seconds.
public enum DurationText {
    public static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            // "5ms" also ends in "s": the longer suffix is tried first.
            let number = text.dropLast(suffix.count)
            guard !number.contains(where: \.isLetter), let value = Double(number), value >= 0, value.isFinite else { continue }
            return value * scale
        }
        guard !text.contains(where: \.isLetter), let value = Double(text), value >= 0, value.isFinite else { return nil }
        return value
    }

    /// `90 s`, `5 min`.
    public static func describe(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 90 { return "\(Int(seconds.rounded())) s" }
        return "\(Int((seconds / 60).rounded())) min"
    }
}
