import BunqAPI
import Testing

@Suite("Pacing limiter")
struct RateLimiterTests {
    let margin = RateLimits.bunq.margin

    /// Sends `count` requests one after another, each answered `latency` after it was sent.
    private func run(
        _ count: Int, _ method: String, path: (Int) -> String, limiter: RateLimiter,
        clock: VirtualClock, latency: Duration = .zero
    ) async throws -> [Duration] {
        var sendTimes: [Duration] = []
        for index in 0..<count {
            let permit = try await limiter.acquire(method: method, path: path(index))
            sendTimes.append(clock.now())
            clock.advance(by: latency)
            await limiter.release(permit)
        }
        return sendTimes
    }

    @Test func templatesReplaceNumericIds() {
        #expect(RateLimits.pathTemplate(of: "/user/42/card/7") == "/user/{id}/card/{id}")
        #expect(RateLimits.pathTemplate(of: "/user/42/card?count=200&older_id=9") == "/user/{id}/card")
        #expect(RateLimits.pathTemplate(of: "/session-server") == "/session-server")
        #expect(
            RateLimits.pathTemplate(of: "/user/42/monetary-account/3/notification-filter-url")
                == "/user/{id}/monetary-account/{id}/notification-filter-url")
    }

    @Test func twoPutsGoAtOnceAndTheThirdWaitsForTheWindow() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(limits: .bunq, clock: clock)
        let times = try await run(
            3, "PUT", path: { "/user/1/card/\($0 + 10)" }, limiter: limiter, clock: clock,
            latency: .milliseconds(100))
        #expect(times[0] == .zero)
        #expect(times[1] == .milliseconds(100))
        // The first answer came at 0.1 s: its slot frees one window (plus margin) later.
        #expect(times[2] == .milliseconds(100) + .seconds(3) + margin)
    }

    @Test func aBurstOfPutsTakesTheFloorAndNoMore() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(limits: .bunq, clock: clock)
        let times = try await run(
            20, "PUT", path: { "/user/1/card/\($0)" }, limiter: limiter, clock: clock,
            latency: .milliseconds(20))
        let floor = Duration.seconds(3) * 9 // ceil(20 / 2 - 1) windows
        #expect(times.last! >= floor)
        #expect(times.last! <= floor * 1.05)
        // Never more than 2 sends within any 3 s.
        for index in 2..<times.count {
            #expect(times[index] - times[index - 2] > .seconds(3))
        }
    }

    @Test func bucketsArePerMethodAndTemplate() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(limits: .bunq, clock: clock)
        _ = try await run(3, "GET", path: { _ in "/user/1/card?count=200" }, limiter: limiter, clock: clock)
        _ = try await run(2, "PUT", path: { "/user/1/card/\($0)" }, limiter: limiter, clock: clock)
        _ = try await run(3, "GET", path: { "/user/1/card/\($0)" }, limiter: limiter, clock: clock)
        _ = try await run(5, "POST", path: { _ in "/user/1/certificate-pinned" }, limiter: limiter, clock: clock)
        #expect(clock.now() == .zero)
        _ = try await run(1, "GET", path: { _ in "/user/1/card?count=200&older_id=5" }, limiter: limiter, clock: clock)
        #expect(clock.now() == .seconds(3) + margin)
    }

    @Test func sessionServerIsOnePerThirtySeconds() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(limits: .bunq, clock: clock)
        let times = try await run(2, "POST", path: { _ in "/session-server" }, limiter: limiter, clock: clock)
        #expect(times == [.zero, .seconds(30) + margin])
        // Other POSTs keep their own 5 per 3 s.
        let before = clock.now()
        _ = try await run(5, "POST", path: { _ in "/device-server" }, limiter: limiter, clock: clock)
        #expect(clock.now() == before)
    }

    @Test func aSessionOpenedByAnEarlierRunStillCounts() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(limits: .bunq, clock: clock)
        await limiter.recordEarlierRequest(method: "POST", path: "/session-server", answeredAgo: .seconds(10))
        _ = try await run(1, "POST", path: { _ in "/session-server" }, limiter: limiter, clock: clock)
        #expect(clock.now() == .seconds(20) + margin)
        // One older than the window is no reason to wait.
        let fresh = RateLimiter(limits: .bunq, clock: clock)
        await fresh.recordEarlierRequest(method: "POST", path: "/session-server", answeredAgo: .seconds(31))
        let start = clock.now()
        _ = try await run(1, "POST", path: { _ in "/session-server" }, limiter: fresh, clock: clock)
        #expect(clock.now() == start)
    }

    @Test func requestsStillOnTheWireHoldTheirSlot() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(limits: .bunq, clock: clock)
        let first = try await limiter.acquire(method: "PUT", path: "/user/1/card/1")
        let second = try await limiter.acquire(method: "PUT", path: "/user/1/card/2")
        let third = Task { () -> Duration in
            let permit = try await limiter.acquire(method: "PUT", path: "/user/1/card/3")
            await limiter.release(permit)
            return clock.now()
        }
        for _ in 0..<50 { await Task.yield() }
        clock.advance(by: .seconds(10)) // long answers: the window starts when they end
        await limiter.release(first)
        let sentAt = try await third.value
        #expect(sentAt == .seconds(10) + .seconds(3) + margin)
        await limiter.release(second)
    }

    @Test func limitsOffNeverWait() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(limits: .off, clock: clock)
        _ = try await run(100, "PUT", path: { "/user/1/card/\($0)" }, limiter: limiter, clock: clock)
        #expect(clock.now() == .zero)
        #expect(clock.recordedSleeps.isEmpty)
    }
}
