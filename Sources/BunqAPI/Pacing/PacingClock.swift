/// The time source for pacing and backoff. Injectable so the limiter's tests run
/// instantly on a virtual clock.
public protocol PacingClock: Sendable {
    /// Time elapsed since a fixed, arbitrary origin; never goes backwards.
    func now() -> Duration
    /// Returns once `now()` has reached `deadline`.
    func sleep(until deadline: Duration) async throws
}

extension PacingClock {
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now() + duration)
    }
}

/// The real clock: monotonic, unaffected by wall-clock changes.
public struct SystemPacingClock: PacingClock {
    private let origin: ContinuousClock.Instant

    public init() {
        origin = ContinuousClock.now
    }

    public func now() -> Duration {
        ContinuousClock.now - origin
    }

    public func sleep(until deadline: Duration) async throws {
        try await ContinuousClock().sleep(until: origin + deadline, tolerance: .milliseconds(1))
    }
}
