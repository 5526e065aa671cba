/// How often and how patiently a request is retried. Every retry is bounded and logged.
public struct RetryPolicy: Hashable, Sendable {
    /// Retries after a 429 (each with a new attempt id).
    public var rateLimitRetries: Int
    /// First wait after a 429; doubles per retry. bunq's windows are 3 s.
    public var rateLimitBaseDelay: Duration
    /// Retries after a timeout, a dropped connection or a 5xx (writes keep their id).
    public var ambiguousFailureRetries: Int
    public var ambiguousFailureBaseDelay: Duration
    /// No single wait is longer than this.
    public var maxDelay: Duration
    /// The whole exchange (connect, send, the answer's headers and all of its body) must
    /// finish within this.
    public var requestTimeout: Duration
    /// The most time one client (one command) spends on retries in all: the waits before
    /// them plus the retried attempts themselves. Once spent, the next failure is final, so
    /// a bank that keeps failing or answering slowly ends a run with an error, not after an
    /// hour of bounded-but-many retries.
    public var retryBudget: Duration

    public init(
        rateLimitRetries: Int = 4, rateLimitBaseDelay: Duration = .seconds(3),
        ambiguousFailureRetries: Int = 2, ambiguousFailureBaseDelay: Duration = .seconds(1),
        maxDelay: Duration = .seconds(30), requestTimeout: Duration = .seconds(30),
        retryBudget: Duration = .seconds(120)
    ) {
        self.rateLimitRetries = rateLimitRetries
        self.rateLimitBaseDelay = rateLimitBaseDelay
        self.ambiguousFailureRetries = ambiguousFailureRetries
        self.ambiguousFailureBaseDelay = ambiguousFailureBaseDelay
        self.maxDelay = maxDelay
        self.requestTimeout = requestTimeout
        self.retryBudget = retryBudget
    }

    public static let standard = RetryPolicy()

    /// The wait before retry number `retry` (1-based): exponential, capped, with half of it
    /// random (`jitter` in 0..<1) so parallel clients do not retry in lockstep.
    public func delay(beforeRetry retry: Int, base: Duration, jitter: Double) -> Duration {
        let exponential = base * (1 << min(max(retry - 1, 0), 16))
        let capped = min(exponential, maxDelay)
        return capped * (0.5 + 0.5 * min(max(jitter, 0), 1))
    }
}
