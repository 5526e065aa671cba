/// bunq's rate limits: a sliding window per method and path template.
///
/// All cards share one bucket (`PUT /user/{id}/card/{id}`), matching the client's pacing.
/// Only admitted requests count, so a client that waits out the window gets through.
struct RateLimiter {
    struct Limit: Equatable {
        let calls: Int
        let seconds: Int
    }

    private var admitted: [String: [UInt64]] = [:]

    static func limit(method: String, template: String) -> Limit {
        if template == "/session-server" { return Limit(calls: 1, seconds: 30) }
        switch method {
        case "GET": return Limit(calls: 3, seconds: 3)
        case "POST": return Limit(calls: 5, seconds: 3)
        default: return Limit(calls: 2, seconds: 3)
        }
    }

    /// Nil when the request may go ahead (and is counted); otherwise the limit it broke.
    mutating func admit(method: String, template: String, nowNanoseconds now: UInt64) -> Limit? {
        let limit = RateLimiter.limit(method: method, template: template)
        let key = method + " " + template
        let windowStart = now >= UInt64(limit.seconds) * 1_000_000_000 ? now - UInt64(limit.seconds) * 1_000_000_000 : 0
        var times = admitted[key, default: []]
        times.removeAll { $0 <= windowStart }
        guard times.count < limit.calls else {
            admitted[key] = times
            return limit
        }
        times.append(now)
        admitted[key] = times
        return nil
    }

    mutating func reset() {
        admitted = [:]
    }

    /// The text bunq answers with a 429 (as reported by users of bunq's API; bunq does not document it).
    static func message(_ limit: Limit) -> String {
        "Too many requests. You can do a maximum of \(limit.calls) calls per \(limit.seconds) second to this endpoint."
    }
}
