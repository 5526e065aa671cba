import BunqAPI
import Foundation

/// A pacing clock whose sleeps return at once after moving time forward, so limiter and
/// backoff tests are instant and exact.
final class VirtualClock: PacingClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Duration = .zero
    private var sleeps: [Duration] = []

    func now() -> Duration {
        lock.withLock { current }
    }

    func sleep(until deadline: Duration) async throws {
        lock.withLock {
            sleeps.append(deadline - current)
            if deadline > current { current = deadline }
        }
        await Task.yield()
    }

    func advance(by duration: Duration) {
        lock.withLock { current += duration }
    }

    /// How long each sleep asked for, in order.
    var recordedSleeps: [Duration] {
        lock.withLock { sleeps }
    }
}
