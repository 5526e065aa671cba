import BunqAPI
import BunqEmulator
import Foundation
import PolicyModel
import Reconciler
import Testing

/// bunq documents neither the status nor the words with which it refuses a request id it has
/// seen: apply must come out right whatever they are, deciding only by re-reading bunq.
@Suite("apply against several refusals of a repeated request id", .serialized)
struct RepeatedRequestIdTests {
    static let refusals: [ReusedRequestIdRefusal] = [
        .standard,
        ReusedRequestIdRefusal(status: 409, message: "Duplicate request id \"{id}\""),
        ReusedRequestIdRefusal(status: 422, message: "Something went wrong, please try again later.")
    ]

    static let webhooksPEM = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("policies/certs/webhooks.pem").path

    @Test(arguments: refusals)
    func aCommittedCertificatePostWhoseAnswerWasLostIsConfirmedNotRepeated(refusal: ReusedRequestIdRefusal) async throws {
        let fixture = try await ApplyFixture(reusedRequestId: refusal)
        let policy = try fixture.policy("certificates:\n  - {name: webhooks, file: \"\(Self.webhooksPEM)\"}\n")
        fixture.emulator.inject(.dropResponseAfterCommit(method: "POST", pathPattern: "/user/{id}/certificate-pinned", nth: 1))
        let outcome = try await fixture.apply(policy, maxDeletes: 1)
        #expect(outcome.isApplied, "\(outcome)")
        let posts = fixture.emulator.calls().filter { $0.method == "POST" && $0.template == "/user/{id}/certificate-pinned" }
        // The committed POST, then its re-send with the same id, refused as bunq likes.
        #expect(posts.map(\.dropped) == [true, false])
        #expect(posts.map(\.status).last == refusal.status)
        #expect(Set(posts.map(\.requestId)).count == 1)
        #expect(fixture.committedWrites().filter { $0.hasPrefix("POST") }.count == 1)
        let confirmed = try Journal(path: fixture.journalPath).entries().filter { $0.event == .confirmed }
        #expect(confirmed.contains { $0.detail?.contains("refused the repeated request id (\(refusal.status))") == true })
        #expect(try await fixture.plan(policy).0.actions.isEmpty)
        try await fixture.close()
    }

    /// An interrupted run sent a card PUT that bunq received (the id is spent) but did not
    /// carry out. The next run's first send of that id is refused: a re-read shows the card
    /// unchanged, so a new attempt id does the write, exactly once.
    @Test(arguments: refusals)
    func aRefusedIdThatDidNotTakeEffectIsRetriedWithANewAttempt(refusal: ReusedRequestIdRefusal) async throws {
        let fixture = try await ApplyFixture(reusedRequestId: refusal)
        let policy = try fixture.policy("cards:\n  - {name: groceries, match: {last4: \"4417\"}, limits: {atm: 0 EUR}}\n")
        let (plan, live) = try await fixture.plan(policy)
        let action = try #require(plan.actions.first)
        let first = RequestIdentity(base: RequestIds.base(planId: plan.planId, action: action.id))
        // bunq saw the id, refused the request, changed nothing; the run died before it heard.
        _ = try? await fixture.client.sendPlannedWrite(
            method: "PUT", path: action.request.path,
            body: Array(#"{"not_a_card_field":1}"#.utf8), requestId: first)
        try Journal(path: fixture.journalPath).append(
            JournalEntry(
                time: "t", event: .sending, planId: plan.planId, action: action.id, requestId: first.headerValue,
                method: "PUT", path: action.request.path))
        fixture.emulator.resetCalls()

        let outcome = try await fixture.applier().apply(plan, live: live, savedPlan: false)
        #expect(outcome.isApplied, "\(outcome)")
        let puts = fixture.emulator.calls().filter { $0.method == "PUT" }
        #expect(puts.map(\.requestId) == [first.headerValue, first.nextAttempt().headerValue])
        #expect(puts.map(\.status) == [refusal.status, 200])
        #expect(fixture.committedWrites() == ["PUT /v1\(action.request.path)"])
        let abandoned = try Journal(path: fixture.journalPath).entries().filter { $0.event == .abandoned }
        #expect(abandoned.map(\.requestId) == [first.headerValue])
        #expect(try await fixture.plan(policy).0.actions.isEmpty)
        try await fixture.close()
    }

    /// Only an id that may have been sent before is settled by re-reading: a 4xx to a fresh
    /// id is bunq refusing the request, nothing was changed, and apply says so.
    @Test(arguments: [400, 409, 422])
    func aRefusalOfAFreshIdIsAnErrorThatChangedNothing(status: Int) async throws {
        let fixture = try await ApplyFixture(reusedRequestId: ReusedRequestIdRefusal(status: status, message: "Duplicate request id \"{id}\""))
        fixture.emulator.inject(.status(code: status, method: "PUT", pathPattern: "/user/{id}/card/{id}", nth: 1))
        let outcome = try await fixture.apply(try fixture.policy(demoPolicy))
        guard case .failed(let failure) = outcome else { Issue.record("expected failed, got \(outcome)"); return }
        #expect(failure.contains("\(status)"))
        #expect(fixture.emulator.calls().filter { $0.method == "PUT" }.count == 1)
        #expect(fixture.committedWrites().isEmpty)
        try await fixture.close()
    }

    /// Writes whose answers never came may have been carried out: apply must not say that
    /// nothing was changed, and the re-run settles them from bunq without writing twice.
    @Test func aWriteWithoutAClearAnswerIsReportedAsMaybeDoneAndSettledByTheRerun() async throws {
        let fixture = try await ApplyFixture()
        let policy = try fixture.policy(demoPolicy)
        // Every attempt answers 500: whether bunq carried the write out is unknown.
        for _ in 0..<3 { fixture.emulator.inject(.status(code: 500, method: "PUT", pathPattern: "/user/{id}/card/{id}", nth: 1)) }
        let outcome = try await fixture.apply(policy)
        guard case .partlyApplied(let report, _) = outcome else { Issue.record("expected partly applied, got \(outcome)"); return }
        #expect(report.done.isEmpty && report.unsettled == ["card/alice"] && report.left == ["card/groceries"])
        fixture.emulator.clearFaults()
        #expect(try await fixture.apply(policy).isApplied)
        let writes = fixture.committedWrites()
        #expect(writes.count == 2 && Set(writes).count == 2, "\(writes)")
        #expect(try await fixture.plan(policy).0.actions.isEmpty)
        try await fixture.close()
    }
}

/// The same, as a user runs it: `cardpolicy emulator` refusing repeats its own way, and the
/// real executable applying against it.
@Suite("apply against an emulator process with another refusal of repeated ids", .serialized)
struct RepeatedRequestIdProcessTests {
    @Test func aDroppedAnswerConvergesAgainstA409DuplicateRefusal() async throws {
        let run = try await ApplyRun(
            cards: 3, latencyMilliseconds: 0,
            emulatorArguments: [
                "--reused-request-id-status", "409", "--reused-request-id-message", "Duplicate request id \"{id}\""
            ])
        try await run.emulator.control("POST", "/_emulator/faults", body: #"{"kind":"drop","method":"PUT","path":"/user/{id}/card/{id}","nth":2}"#)
        let apply = try run.run(run.apply())
        #expect(apply.wait() == 0, "\(apply.output)")
        #expect(apply.output.contains("(409), which may have been used before"), "\(apply.output)")
        let confirmed = run.journal().filter { $0["event"] as? String == "confirmed" }.compactMap { $0["detail"] as? String }
        #expect(confirmed.contains("bunq refused the repeated request id (409) and holds the change"), "\(confirmed)")
        let writes = try await run.emulator.committedCardWrites()
        #expect(writes.count == 3 && Set(writes).count == 3, "\(writes)")
    }

    @Test func theEmulatorRefusesA401Or429AsTheRefusalStatus() throws {
        for status in ["401", "429", "500", "abc"] {
            let emulator = try ChildProcess(
                ApplyRun.executable, ["emulator", "--port", "0", "--reused-request-id-status", status],
                environment: [:], directory: NSTemporaryDirectory())
            #expect(emulator.wait() == 1, "--reused-request-id-status \(status): \(emulator.output)")
        }
    }
}

extension ReusedRequestIdRefusal: CustomTestStringConvertible {
    public var testDescription: String { "\(status) \(message)" }
}
