/// Client-side pacing: a sliding-window limiter per method and path template, so a
/// normal run never provokes a 429: bunq's limits are tiny, 2 card PUTs per 3 s.
///
/// A request counts from the moment it is sent until one window after its answer came
/// back. Counting from the answer, not the send, is what keeps the server's count (taken
/// when the request arrives, somewhere in between) within the limit whatever the latency;
/// it costs one round trip per window, a few percent of bunq's 3 s windows.
public actor RateLimiter {
    /// A granted slot; hand it back with `release(_:)` when the answer (or failure) is in.
    public struct Permit: Sendable {
        let bucket: String?
    }

    private struct Bucket {
        var rule: RateLimitRule
        /// When answered requests came back, oldest first.
        var finished: [Duration] = []
        var inFlight = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let limits: RateLimits
    private let clock: any PacingClock
    private var buckets: [String: Bucket] = [:]

    public init(limits: RateLimits, clock: any PacingClock) {
        self.limits = limits
        self.clock = clock
    }

    /// Waits until a request to `path` may be sent under the rules, then takes the slot.
    public func acquire(method: String, path: String) async throws -> Permit {
        let template = RateLimits.pathTemplate(of: path)
        guard let rule = limits.rule(method: method, pathTemplate: template) else { return Permit(bucket: nil) }
        let key = method + " " + template
        if buckets[key] == nil { buckets[key] = Bucket(rule: rule) }
        while true {
            try Task.checkCancellation()
            let now = clock.now()
            let span = rule.window + limits.margin
            buckets[key]!.finished.removeAll { $0 + span <= now }
            let bucket = buckets[key]!
            if bucket.finished.count + bucket.inFlight < rule.limit {
                buckets[key]!.inFlight += 1
                return Permit(bucket: key)
            }
            if let oldest = bucket.finished.first {
                try await clock.sleep(until: oldest + span)
            } else {
                // Every slot is a request still on the wire: its window starts when it answers.
                await withCheckedContinuation { buckets[key]!.waiters.append($0) }
            }
        }
    }

    /// Marks the request as answered now; its slot frees one window later.
    public func release(_ permit: Permit) {
        guard let key = permit.bucket, var bucket = buckets[key] else { return }
        bucket.inFlight -= 1
        bucket.finished.append(clock.now())
        let waiters = bucket.waiters
        bucket.waiters = []
        buckets[key] = bucket
        waiters.forEach { $0.resume() }
    }

    /// Counts a request answered `ago` before now, made by an earlier run (the saved
    /// context's session), so a new process keeps bunq's 1 session per 30 s too.
    public func recordEarlierRequest(method: String, path: String, answeredAgo ago: Duration) {
        let template = RateLimits.pathTemplate(of: path)
        guard let rule = limits.rule(method: method, pathTemplate: template), ago < rule.window else { return }
        let key = method + " " + template
        var bucket = buckets[key] ?? Bucket(rule: rule)
        bucket.finished.append(clock.now() - ago)
        bucket.finished.sort()
        buckets[key] = bucket
    }
}
