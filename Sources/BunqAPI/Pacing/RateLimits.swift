/// One pacing rule: at most `limit` requests per `window`, for a method (and optionally
/// one path template). Counted per method and path template, like bunq does.
public struct RateLimitRule: Hashable, Sendable {
    public var method: String
    /// nil: every path of the method, each template its own bucket.
    public var pathTemplate: String?
    public var limit: Int
    public var window: Duration

    public init(method: String, pathTemplate: String? = nil, limit: Int, window: Duration) {
        precondition(limit > 0, "a rate limit must allow at least one request")
        self.method = method
        self.pathTemplate = pathTemplate
        self.limit = limit
        self.window = window
    }
}

/// The set of pacing rules the client keeps to.
public struct RateLimits: Hashable, Sendable {
    public var rules: [RateLimitRule]
    /// Extra wait after a window ends, against small clock differences with the server.
    public var margin: Duration

    public init(rules: [RateLimitRule], margin: Duration = .milliseconds(10)) {
        self.rules = rules
        self.margin = margin
    }

    /// bunq's published limits: per 3 s, 3 GET, 5 POST, 2 PUT, 2 DELETE
    /// (DELETE is not stated; PUT's budget is assumed); `POST /session-server` 1 per 30 s.
    public static let bunq = RateLimits(rules: [
        RateLimitRule(method: "POST", pathTemplate: "/session-server", limit: 1, window: .seconds(30)),
        RateLimitRule(method: "GET", limit: 3, window: .seconds(3)),
        RateLimitRule(method: "POST", limit: 5, window: .seconds(3)),
        RateLimitRule(method: "PUT", limit: 2, window: .seconds(3)),
        RateLimitRule(method: "DELETE", limit: 2, window: .seconds(3))
    ])

    /// No pacing at all (for an emulator with its limits switched off).
    public static let off = RateLimits(rules: [])

    /// The rule for a request: a rule naming this template wins over the method's general rule.
    public func rule(method: String, pathTemplate: String) -> RateLimitRule? {
        rules.first { $0.method == method && $0.pathTemplate == pathTemplate }
            ?? rules.first { $0.method == method && $0.pathTemplate == nil }
    }

    /// `/user/42/card/7?count=200` → `/user/{id}/card/{id}`: the bucket a request counts in.
    public static func pathTemplate(of path: String) -> String {
        let withoutQuery = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return
            withoutQuery
            .split(separator: "/", omittingEmptySubsequences: false)
            .map { segment in
                !segment.isEmpty && segment.allSatisfy(\.isASCIIDigitCharacter) ? "{id}" : String(segment)
            }
            .joined(separator: "/")
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}
