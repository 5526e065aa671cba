import BunqAPI
import BunqEmulator
import Foundation
import TestSupport
import Testing

/// Answers bunq never sends, from a server that misbehaves on purpose: each must end in a
/// clear error, quickly, without sending anything anywhere else and without retrying what
/// cannot get better.
@Suite("Answers bunq would never send")
struct HostileAnswerTests {
    private let listPattern = "/user/{id}/card"
    private let cardPattern = "/user/{id}/card/{id}"

    private func limitUpdate(_ value: String) -> CardUpdate {
        CardUpdate(
            fallbackAccount: .account(EmulatorFixture.bufferAccountId),
            cardLimit: BunqAPI.Amount(parsing: value, currency: "EUR"))
    }

    /// Quick retries with a short deadline per exchange.
    private static func patience(_ timeout: Duration) -> RetryPolicy {
        var policy = EmulatorFixture.quickRetries
        policy.requestTimeout = timeout
        return policy
    }

    // MARK: redirects

    @Test(
        "a redirect on a read is refused, names status and Location, reaches nothing, is not retried",
        arguments: [301, 302, 303, 307, 308])
    func redirectOnRead(code: Int) async throws {
        let target = try SilentListener()
        defer { target.stop() }
        try await withEmulator { fixture in
            let client = fixture.client()
            try await client.connect()
            let location = "http://127.0.0.1:\(target.port)/v1/user/1/card"
            fixture.emulator.inject(.redirect(code: code, location: location, method: "GET", pathPattern: listPattern))
            await #expect { try await client.cards() } throws: { error in
                guard case .redirected(let method, _, let status, let named, let responseId) = error as? BunqAPI.BunqError else {
                    return false
                }
                return method == "GET" && status == code && named == location && responseId != nil
                    && "\(error)".contains("a redirect to \(location)") && "\(error)".contains("\(code)")
            }
            #expect(fixture.calls("GET", listPattern).count == 1, "a redirect is not retried")
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(target.connections == 0 && target.bytes == 0, "the redirect target must receive nothing")
    }

    @Test("a 308 on a card PUT sends neither token nor body to the Location, and is not retried")
    func redirectOnWrite() async throws {
        let target = try SilentListener()
        defer { target.stop() }
        try await withEmulator { fixture in
            let client = fixture.client()
            fixture.emulator.inject(
                .redirect(
                    code: 308, location: "http://127.0.0.1:\(target.port)/v1/steal", method: "PUT", pathPattern: cardPattern))
            await #expect { try await client.updateCard(id: EmulatorFixture.activeCardId, limitUpdate("123.00")) } throws: { error in
                guard case .redirected(let method, _, 308, _, _) = error as? BunqAPI.BunqError else { return false }
                return method == "PUT"
            }
            #expect(fixture.calls("PUT", cardPattern).count == 1)
            // The redirect did not act either.
            let limit = try await client.card(id: EmulatorFixture.activeCardId).cardLimit?.value
            #expect(limit != 123)
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(target.connections == 0 && target.bytes == 0)
    }

    @Test(
        "a redirect without a Location, or with garbage in it, is a clear error, not a crash",
        arguments: [nil, "::not a url at all::", "http://[::1", String(repeating: "x", count: 2_000)] as [String?])
    func redirectWithoutUsableLocation(location: String?) async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            try await client.connect()
            fixture.emulator.inject(.redirect(code: 302, location: location, method: "GET", pathPattern: listPattern))
            await #expect { try await client.cards() } throws: { error in
                guard case .redirected(_, _, 302, let named, _) = error as? BunqAPI.BunqError else { return false }
                let text = "\(error)"
                if location == nil { return named == nil && text.contains("with no Location") }
                return text.contains("302 Found") && text.count < 800
            }
            #expect(fixture.calls("GET", listPattern).count == 1)
        }
    }

    // MARK: deadlines

    @Test(
        "a body dripped after the headers is cut at the deadline; the retry gets the whole answer",
        .timeLimit(.minutes(1)))
    func drippedBodyIsBounded() async throws {
        try await withEmulator { fixture in
            try await fixture.client().connect()
            let client = fixture.client(retryPolicy: Self.patience(.seconds(1)))
            // About 10 KB at 500 bytes a second: 20 s if nothing bounds the body.
            fixture.emulator.inject(.drip(bytes: 500, intervalMilliseconds: 1_000, method: "GET", pathPattern: listPattern))
            let started = ContinuousClock.now
            let cards = try await client.cards()
            #expect(cards.count == fixture.emulator.snapshot().cards.count)
            #expect(ContinuousClock.now - started < .seconds(5), "the dripped answer must be given up after 1 s")
            #expect(fixture.calls("GET", listPattern).count == 2)
        }
    }

    @Test(
        "a body that keeps dripping fails as a timeout after the bounded retries, in seconds",
        .timeLimit(.minutes(1)))
    func drippingEveryTime() async throws {
        try await withEmulator { fixture in
            try await fixture.client().connect()
            let client = fixture.client(retryPolicy: Self.patience(.milliseconds(700)))
            for _ in 0..<3 {
                fixture.emulator.inject(.drip(bytes: 1, intervalMilliseconds: 1_000, method: "GET", pathPattern: listPattern))
            }
            let started = ContinuousClock.now
            await #expect { try await client.cards() } throws: { error in
                guard case .transport(_, _, let failure, let attempts) = error as? BunqAPI.BunqError else { return false }
                return failure.kind == .timedOut && attempts == 3 && "\(error)".contains("no complete answer within")
            }
            #expect(ContinuousClock.now - started < .seconds(8))
            fixture.emulator.clearFaults()
        }
    }

    @Test(
        "half a body on a connection held open is a timeout, not a wait for the read timeout",
        .timeLimit(.minutes(1)))
    func stalledBodyIsBounded() async throws {
        try await withEmulator { fixture in
            try await fixture.client().connect()
            let client = fixture.client(retryPolicy: Self.patience(.seconds(1)))
            fixture.emulator.inject(.stall(method: "GET", pathPattern: cardPattern))
            let started = ContinuousClock.now
            let card = try await client.card(id: EmulatorFixture.activeCardId)
            #expect(card.id == EmulatorFixture.activeCardId)
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(fixture.calls("GET", cardPattern).count == 2)
        }
    }

    @Test("a run's retries share one budget: once spent, the next failure is final")
    func retryBudgetIsShared() async throws {
        try await withEmulator { fixture in
            try await fixture.client().connect()
            var policy = EmulatorFixture.quickRetries
            policy.ambiguousFailureBaseDelay = .milliseconds(200)
            policy.retryBudget = .milliseconds(300)
            let client = BunqClient(
                configuration: BunqClientConfiguration(
                    environment: BunqEnvironment(baseURL: fixture.emulator.baseURL), rateLimits: .off, retryPolicy: policy),
                apiKey: BunqAPIKey("test-api-key")!, store: ContextStore(path: fixture.contextPath), jitter: { 0.999 })
            // The first read's retry waits about 200 ms: within the budget.
            fixture.emulator.inject(.status(code: 500, method: "GET", pathPattern: cardPattern))
            #expect(try await client.card(id: EmulatorFixture.activeCardId).id == EmulatorFixture.activeCardId)
            // The second read's retry would take the run past 300 ms of retrying.
            fixture.emulator.inject(.status(code: 500, method: "GET", pathPattern: cardPattern))
            await #expect { try await client.card(id: EmulatorFixture.activeCardId) } throws: { error in
                guard case .retryBudgetExhausted(_, _, let budget, let attempts, let last) = error as? BunqAPI.BunqError else {
                    return false
                }
                return budget == .milliseconds(300) && attempts == 1 && last.contains("500")
                    && "\(error)".contains("this run's retries have used their budget")
            }
            #expect(fixture.calls("GET", cardPattern).map(\.status) == [500, 200, 500])
        }
    }

    // MARK: pagination

    @Test("an older_url with a fresh query but the same cards stops with an error within a few pages")
    func loopingCardPagination() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            try await client.connect()
            fixture.emulator.inject(.loopPagination(method: "GET", pathPattern: listPattern))
            await #expect { try await client.cards() } throws: { error in
                guard case .malformedResponse(_, let path, let detail) = error as? BunqAPI.BunqError else { return false }
                return path.contains("loop=") && detail.contains("brings only items already read")
            }
            #expect(fixture.calls("GET", listPattern).count == 4, "page 2 repeats page 1, found once page 4 is asked for")
            fixture.emulator.clearFaults()
        }
    }

    @Test("the generic list read stops a looping older_url too (monetary accounts)")
    func loopingGenericPagination() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            try await client.connect()
            let pattern = "/user/{id}/monetary-account"
            fixture.emulator.inject(.loopPagination(method: "GET", pathPattern: pattern))
            await #expect { try await client.monetaryAccounts() } throws: { error in
                guard case .malformedResponse(_, _, let detail) = error as? BunqAPI.BunqError else { return false }
                return detail.contains("brings only items already read")
            }
            #expect(fixture.calls("GET", pattern).count == 4)
            fixture.emulator.clearFaults()
        }
    }

    @Test("pages of 2 that loop back to the second page are caught by the id order, not only by repeats")
    func loopingFromALaterPage() async throws {
        try await withEmulator { fixture in
            let client = fixture.client(configure: { $0.pageSize = 2 })
            try await client.connect()
            // Page 1 is real; from page 2 on, older_url leads back to page 2 under a new query.
            fixture.emulator.inject(.loopPagination(method: "GET", pathPattern: listPattern, nth: 2))
            await #expect { try await client.cards() } throws: { error in
                guard case .malformedResponse(_, _, let detail) = error as? BunqAPI.BunqError else { return false }
                return detail.contains("page 3 of the list")
            }
            #expect(fixture.calls("GET", listPattern).count == 5, "page 3 repeats page 2, found once page 5 is asked for")
            fixture.emulator.clearFaults()
        }
    }

    // MARK: size, signatures

    @Test("an answer over the size limit is not retried, and the error says so in words")
    func oversizeAnswer() async throws {
        try await withEmulator { fixture in
            let client = fixture.client(configure: { $0.maxAnswerBytes = 16 * 1024 })
            try await client.connect()
            fixture.emulator.inject(.oversize(bytes: 40_000, method: "GET", pathPattern: listPattern))
            await #expect { try await client.cards() } throws: { error in
                guard case .answerTooLarge(let method, let path, 16_384) = error as? BunqAPI.BunqError else { return false }
                return "\(error)" == "bunq's answer to \(method) \(path) was larger than 16 KiB; not retried"
            }
            #expect(fixture.calls("GET", listPattern).count == 1)
        }
    }

    @Test("two server signatures are refused, whichever comes first", arguments: [true, false])
    func doubleSignature(validFirst: Bool) async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            try await client.connect()
            fixture.emulator.inject(.doubleSignature(validFirst: validFirst, method: "GET", pathPattern: listPattern))
            await #expect { try await client.cards() } throws: { error in
                guard case .duplicateServerSignature(_, _, let responseId?) = error as? BunqAPI.BunqError else { return false }
                return "\(error)".contains("(response id \(responseId))")
            }
            #expect(fixture.calls("GET", listPattern).count == 1)
            #expect(try await client.cards().count == fixture.emulator.snapshot().cards.count)
        }
    }
}
