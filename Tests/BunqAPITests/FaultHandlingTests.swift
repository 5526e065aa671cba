import BunqAPI
import BunqEmulator
import Foundation
import Testing

@Suite("Signatures, retries and request ids against the emulator")
struct FaultHandlingTests {
    private let cardPath = "/user/{id}/card/{id}"

    private func limitUpdate(_ value: String) -> CardUpdate {
        CardUpdate(
            fallbackAccount: .account(EmulatorFixture.bufferAccountId),
            cardLimit: BunqAPI.Amount(parsing: value, currency: "EUR"))
    }

    @Test func aTamperedSignatureIsRejectedNotDecoded() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            try await client.connect()
            fixture.emulator.inject(.tamperSignature(method: "GET", pathPattern: "/user/{id}/card", nth: 1))
            await #expect { try await client.cards() } throws: { error in
                guard case .invalidServerSignature(let method, let path, let responseId) = error as? BunqAPI.BunqError else {
                    return false
                }
                return method == "GET" && path.hasPrefix("/user/") && responseId != nil
            }
            // Not retried: one call, and the next read is fine again.
            #expect(fixture.calls("GET", "/user/{id}/card").count == 1)
            #expect(try await client.cards().count == fixture.emulator.snapshot().cards.count)
        }
    }

    @Test func a429IsRetriedWithANewAttemptId() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            fixture.emulator.inject(.status(code: 429, method: "PUT", pathPattern: cardPath, nth: 1))
            let result = try await client.updateCard(
                id: EmulatorFixture.activeCardId, limitUpdate("321.00"), requestId: RequestIdentity(base: "test-429"))
            guard case .applied(_, let receipt) = result else {
                Issue.record("expected the write to be applied, got \(result)")
                return
            }
            #expect(receipt.identity == RequestIdentity(base: "test-429", attempt: 2))
            #expect(receipt.attempts.map(\.status) == [429, 200])
            let puts = fixture.calls("PUT", cardPath)
            #expect(puts.map(\.requestId) == ["test-429-a1", "test-429-a2"])
            #expect(puts.map(\.status) == [429, 200])
            #expect(try await client.card(id: EmulatorFixture.activeCardId).cardLimit?.value == 321)
        }
    }

    /// bunq documents neither the status nor the words of its refusal of a repeated id: any
    /// 4xx but 401/429 to a same-id re-send is handed back to be settled by a re-read.
    @Test(arguments: [
        ReusedRequestIdRefusal.standard,
        ReusedRequestIdRefusal(status: 409, message: "Duplicate request id \"{id}\""),
        ReusedRequestIdRefusal(status: 422, message: "Something went wrong, please try again later.")
    ])
    func aDroppedAnswerIsRetriedWithTheSameIdAndItsRefusalHandedBack(refusal: ReusedRequestIdRefusal) async throws {
        try await withEmulator(reusedRequestId: refusal) { fixture in
            let client = fixture.client()
            fixture.emulator.inject(.dropResponseAfterCommit(method: "PUT", pathPattern: cardPath, nth: 1))
            let identity = RequestIdentity(base: "plan-7/alice/limits")
            let result = try await client.updateCard(id: EmulatorFixture.activeCardId, limitUpdate("111.00"), requestId: identity)
            guard case .refusedRepeat(let receipt, let failure) = result else {
                Issue.record("expected refusedRepeat, got \(result)")
                return
            }
            #expect(receipt.identity == identity)
            #expect(failure.status == refusal.status && failure.descriptions == [refusal.description(for: identity.headerValue)])
            #expect(receipt.attempts.count == 2)
            #expect(receipt.attempts[0].status == nil && receipt.attempts[0].failure != nil)
            #expect(receipt.attempts[1].status == refusal.status)
            let puts = fixture.calls("PUT", cardPath)
            #expect(puts.map(\.requestId) == [identity.headerValue, identity.headerValue])
            #expect(puts.map(\.dropped) == [true, false])

            // The caller verifies by re-reading: the first attempt was carried out, once.
            let card = try await client.card(id: EmulatorFixture.activeCardId)
            #expect(card.cardLimit == BunqAPI.Amount(parsing: "111", currency: "EUR"))
            #expect(card.fallbackAccountId == EmulatorFixture.bufferAccountId)

            // A deliberate new attempt goes through.
            let again = try await client.updateCard(
                id: EmulatorFixture.activeCardId, limitUpdate("112.00"), requestId: receipt.identity.nextAttempt())
            #expect(again.value != nil)
            #expect(again.receipt.identity.headerValue == "plan-7/alice/limits-a2")
        }
    }

    /// A 4xx to an id sent for the first time is bunq refusing the request: an error.
    @Test func aRefusalOfAFreshIdIsAnError() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            fixture.emulator.inject(.status(code: 409, method: "PUT", pathPattern: cardPath, nth: 1))
            await #expect {
                try await client.updateCard(
                    id: EmulatorFixture.activeCardId, limitUpdate("113.00"),
                    requestId: RequestIdentity(base: "fresh"))
            } throws: { error in
                guard case .http(let failure) = error as? BunqAPI.BunqError else { return false }
                return failure.status == 409
            }
            #expect(fixture.calls("PUT", cardPath).count == 1)
        }
    }

    /// While a re-sent id's fate is unknown, a 429 does not switch to a new id: a new one
    /// would let bunq carry out an earlier attempt's write a second time.
    @Test func a429AfterAnAmbiguousFailureKeepsTheId() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            try await client.connect()
            fixture.emulator.inject(.status(code: 500, method: "PUT", pathPattern: cardPath, nth: 1))
            fixture.emulator.inject(.status(code: 429, method: "PUT", pathPattern: cardPath, nth: 2))
            let result = try await client.updateCard(
                id: EmulatorFixture.activeCardId, limitUpdate("114.00"), requestId: RequestIdentity(base: "keep"))
            #expect(result.value != nil)
            let puts = fixture.calls("PUT", cardPath)
            #expect(puts.map(\.status) == [500, 429, 200])
            #expect(puts.map(\.requestId) == ["keep-a1", "keep-a1", "keep-a1"])
        }
    }

    @Test func a500OnAWriteIsRetriedWithTheSameId() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            fixture.emulator.inject(.status(code: 500, method: "PUT", pathPattern: cardPath, nth: 1))
            let result = try await client.updateCard(
                id: EmulatorFixture.activeCardId, limitUpdate("222.00"), requestId: RequestIdentity(base: "test-500"))
            let puts = fixture.calls("PUT", cardPath)
            #expect(puts.map(\.requestId) == ["test-500-a1", "test-500-a1"])
            #expect(puts.map(\.status).first == 500)
            // The emulator's 500 did nothing, so the same id is still fresh and the write applies.
            #expect(result.value != nil)
            #expect(try await client.card(id: EmulatorFixture.activeCardId).cardLimit?.value == 222)
        }
    }

    @Test func a500OnAReadIsRetriedWithANewId() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            try await client.connect()
            fixture.emulator.inject(.status(code: 500, method: "GET", pathPattern: "/user/{id}/card/{id}", nth: 1))
            let card = try await client.card(id: EmulatorFixture.activeCardId)
            #expect(card.id == EmulatorFixture.activeCardId)
            let reads = fixture.calls("GET", "/user/{id}/card/{id}")
            #expect(reads.map(\.status) == [500, 200])
            #expect(reads[0].requestId != reads[1].requestId)
        }
    }

    @Test func retriesAreBounded() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            try await client.connect()
            for _ in 0..<10 {
                fixture.emulator.inject(.status(code: 429, method: "GET", pathPattern: "/user/{id}/card/{id}", nth: 1))
            }
            await #expect { try await client.card(id: EmulatorFixture.activeCardId) } throws: { error in
                guard case .http(let failure) = error as? BunqAPI.BunqError else { return false }
                return failure.status == 429
            }
            // 1 attempt + 4 retries (the quick policy's bound).
            #expect(fixture.calls("GET", "/user/{id}/card/{id}").count == 5)
            fixture.emulator.clearFaults()
        }
    }

    @Test func noAnswerInTimeIsATimeoutAfterBoundedRetries() async throws {
        try await withEmulator { fixture in
            try await fixture.client().connect()
            // The next run, with little patience, reuses the context: only the read is slow.
            var patience = EmulatorFixture.quickRetries
            patience.requestTimeout = .milliseconds(300)
            let client = fixture.client(retryPolicy: patience)
            fixture.emulator.inject(.latency(milliseconds: 1000))
            await #expect { try await client.card(id: EmulatorFixture.activeCardId) } throws: { error in
                guard case .transport(_, _, let failure, let attempts) = error as? BunqAPI.BunqError else { return false }
                return failure.kind == .timedOut && attempts == 3
            }
            fixture.emulator.clearFaults()
        }
    }

    @Test func bunqsErrorsCarryStatusDescriptionAndResponseId() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            await #expect { try await client.card(id: 999_999_999) } throws: { error in
                guard case .http(let failure) = error as? BunqAPI.BunqError else { return false }
                let text = "\(error)"
                return failure.status == 404 && !failure.descriptions.isEmpty && failure.responseId != nil
                    && text.hasPrefix("bunq answered 404 Not Found to GET /user/")
                    && text.contains(failure.descriptions[0]) && text.contains("(response id \(failure.responseId!))")
            }
        }
    }
}
