/// Finds the valid name closest to a misspelt one, for "did you mean" hints.
public enum NearestName {
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        // No name is this long; a huge scalar is not a typo, and edit distance is quadratic.
        guard word.utf8.count <= 64 else { return nil }
        let lowered = word.lowercased()
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(Array(lowered), Array(candidate.lowercased()))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        // A truncated key (`fallback` for `fallback_account`) is far by edits but obvious.
        if lowered.count >= 4, let prefixed = candidates.first(where: { $0.lowercased().hasPrefix(lowered) }) {
            return prefixed
        }
        guard let best else { return nil }
        // A hint that is not close is noise: allow about one edit per three letters.
        let allowed = max(2, min(word.count, best.name.count) / 3)
        return best.distance <= allowed ? best.name : nil
    }

    /// Levenshtein distance with adjacent transpositions counting as one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
