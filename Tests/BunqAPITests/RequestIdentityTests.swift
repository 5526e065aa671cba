import BunqAPI
import Testing

@Suite("Request ids and retry policy")
struct RequestIdentityTests {
    @Test func rendersBaseAndAttempt() {
        let identity = RequestIdentity(base: "plan-3f2a/card-alice/limits")
        #expect(identity.headerValue == "plan-3f2a/card-alice/limits-a1")
        #expect(identity.nextAttempt().headerValue == "plan-3f2a/card-alice/limits-a2")
        #expect(identity.nextAttempt().base == identity.base)
    }

    @Test func randomIdentitiesDiffer() {
        let ids = Set((0..<100).map { _ in RequestIdentity.random().headerValue })
        #expect(ids.count == 100)
    }

    @Test func backoffDoublesIsCappedAndJittered() {
        let policy = RetryPolicy(rateLimitBaseDelay: .seconds(3), maxDelay: .seconds(20))
        #expect(policy.delay(beforeRetry: 1, base: .seconds(3), jitter: 1) == .seconds(3))
        #expect(policy.delay(beforeRetry: 1, base: .seconds(3), jitter: 0) == .milliseconds(1500))
        #expect(policy.delay(beforeRetry: 2, base: .seconds(3), jitter: 1) == .seconds(6))
        #expect(policy.delay(beforeRetry: 3, base: .seconds(3), jitter: 1) == .seconds(12))
        #expect(policy.delay(beforeRetry: 4, base: .seconds(3), jitter: 1) == .seconds(20))
        #expect(policy.delay(beforeRetry: 60, base: .seconds(3), jitter: 0.5) == .seconds(15))
    }
}
