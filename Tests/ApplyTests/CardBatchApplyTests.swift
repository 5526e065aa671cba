import BunqAPI
import BunqEmulator
import Foundation
import PolicyModel
import Reconciler
import Testing

/// Card batches end to end against the emulator: what goes in a batch, and how every answer
/// bunq might give (or not give) is settled by reading, never by sending a batch again.
@Suite("card batches applied")
struct CardBatchApplyTests {
    static let batchTemplate = "/user/{id}/card-batch"

    /// A generated estate and a policy lowering the ATM limit of `count` writable cards.
    static func fleet(_ count: Int, options: (inout EmulatorOptions) -> Void = { _ in }) throws -> (EmulatorState, yaml: String, ids: [Int]) {
        var state = EmulatorState.generated(cards: 40, seed: 7)
        options(&state.options)
        let targets = state.cards.filter { $0.status == "ACTIVE" && $0.subStatus == "NONE" && $0.userHolderId == nil }.prefix(count)
        try #require(targets.count == count)
        let yaml = "cards:\n" + targets.map { "  - {name: c\($0.id), match: {id: \($0.id)}, limits: {atm: 7 EUR}}\n" }.joined()
        return (state, yaml, targets.map(\.id))
    }

    func calls(_ fixture: ApplyFixture, _ method: String, _ template: String) -> [RecordedCall] {
        fixture.emulator.calls().filter { $0.method == method && $0.template == template }
    }

    @Test func aFleetGoesInBalancedBatchesAndConverges() async throws {
        let (state, yaml, ids) = try Self.fleet(12)
        let fixture = try await ApplyFixture(state: state)
        let policy = try fixture.policy(yaml)
        let (plan, _) = try await fixture.plan(policy, batching: CardBatching(size: 5))
        #expect(plan.cardBatches.map(\.actionIds.count) == [4, 4, 4])
        #expect(plan.cardBatches.map(\.id) == ["card-batch/1", "card-batch/2", "card-batch/3"])
        // Each card keeps its own PUT, for when bunq leaves it out of its batch.
        #expect(plan.actions.allSatisfy { $0.request.method == "PUT" && $0.changes.map(\.field) == ["limits.atm"] })
        #expect(plan.summary.cardBatches == 3 && plan.summary.changedCards == 12 && plan.managedCards == 12)
        #expect(PlanText.render(plan).contains("in card-batch/2: POST /user/\(state.user.id)/card-batch"))

        let outcome = try await fixture.apply(policy, batching: CardBatching(size: 5), maxChanges: ChangeThreshold(limit: .percent(100)))
        #expect(outcome.isApplied, "\(outcome)")
        #expect(calls(fixture, "POST", Self.batchTemplate).map(\.status) == [200, 200, 200])
        #expect(calls(fixture, "PUT", "/user/{id}/card/{id}").isEmpty)
        #expect(fixture.committedCardWrites().sorted() == ids.sorted())
        let journal = try Journal(path: fixture.journalPath).entries()
        #expect(journal.filter { $0.event == .confirmed && $0.detail?.contains("updated_card_ids") == true }.count == 12)
        #expect(try await fixture.plan(policy).0.actions.isEmpty)
        try await fixture.close()
    }

    @Test func fewChangesOrOtherFieldsGoAsPuts() async throws {
        let (state, _, ids) = try Self.fleet(5)
        let fixture = try await ApplyFixture(state: state)
        func entries(_ count: Int, extra: String = "") -> String {
            "cards:\n" + ids.prefix(count).map { "  - {name: c\($0), match: {id: \($0)}, limits: {atm: 7 EUR}\(extra)}\n" }.joined()
        }
        #expect(try await fixture.plan(try fixture.policy(entries(2))).0.cardBatches.isEmpty)
        #expect(try await fixture.plan(try fixture.policy(entries(3))).0.cardBatches.count == 1)
        // A name is not a card-batch field: those cards stay PUTs, and two left are too few.
        let named = entries(2) + ids.dropFirst(2).prefix(3).map { "  - {name: c\($0), match: {id: \($0)}, second_line: Fleet}\n" }.joined()
        let mixed = try await fixture.plan(try fixture.policy(named)).0
        #expect(mixed.actions.count == 5 && mixed.cardBatches.isEmpty)
        #expect(try await fixture.plan(try fixture.policy(entries(5)), batching: .off).0.cardBatches.isEmpty)
        try await fixture.close()
    }

    @Test(arguments: [EmulatorOptions.CardBatchMode.atomic, .partial])
    func aCardBunqCannotChangeIsReadBackAndPutAlone(mode: EmulatorOptions.CardBatchMode) async throws {
        let (state, yaml, ids) = try Self.fleet(4) { $0.cardBatch = mode }
        let fixture = try await ApplyFixture(state: state)
        let (plan, live) = try await fixture.plan(try fixture.policy(yaml))
        #expect(plan.cardBatches.count == 1)
        // Cancelled in the app after the plan was made: no write can change it now.
        let lost = try #require(ids.last)
        fixture.emulator.mutate { state in
            if let index = state.cards.firstIndex(where: { $0.id == lost }) { state.cards[index].status = "CANCELLED" }
        }
        let outcome = try await fixture.applier().apply(plan, live: live, savedPlan: false)
        guard case .partlyApplied(let report, let failure) = outcome else {
            Issue.record("expected partly applied: \(outcome)")
            return try await fixture.close()
        }
        #expect(failure.contains("c\(lost)"), "\(failure)")
        #expect(Set(report.done) == Set(ids.dropLast().map { "card/c\($0)" }))
        #expect(calls(fixture, "POST", Self.batchTemplate).count == 1)
        // Atomic: bunq refused the batch, so the three others went as PUTs; partial: it took them.
        let puts = calls(fixture, "PUT", "/user/{id}/card/{id}")
        #expect(puts.count == (mode == .atomic ? 4 : 1))
        // Partial: the batch that bunq answered carried the cancelled card too, and left it as it was.
        let writes = fixture.committedCardWrites()
        #expect(Set(writes).count == writes.count && Set(writes) == Set(mode == .atomic ? ids.dropLast() : ids))
        let cards = fixture.emulator.snapshot().cards
        #expect(cards.filter { ids.dropLast().contains($0.id) }.allSatisfy { $0.cardLimitAtm?.value == "7.00" })
        #expect(cards.first { $0.id == lost }?.cardLimitAtm?.value != "7.00")
        try await fixture.close()
    }

    @Test func aLostAnswerIsSettledByReadingNeverBySendingAgain() async throws {
        let (state, yaml, ids) = try Self.fleet(6)
        let fixture = try await ApplyFixture(state: state)
        fixture.emulator.inject(.dropResponseAfterCommit(method: "POST", pathPattern: Self.batchTemplate, nth: 1))
        let outcome = try await fixture.apply(try fixture.policy(yaml), maxChanges: ChangeThreshold(limit: .cards(6)))
        #expect(outcome.isApplied, "\(outcome)")
        #expect(calls(fixture, "POST", Self.batchTemplate).count == 1)
        #expect(calls(fixture, "PUT", "/user/{id}/card/{id}").isEmpty)
        #expect(fixture.committedCardWrites().sorted() == ids.sorted())
        let journal = try Journal(path: fixture.journalPath).entries()
        #expect(journal.filter { $0.event == .confirmed && $0.detail?.contains("bunq holds the change") == true }.count == 6)
        try await fixture.close()
    }

    @Test func a5xxIsSettledByReadingThenPuts() async throws {
        let (state, yaml, ids) = try Self.fleet(3)
        let fixture = try await ApplyFixture(state: state)
        fixture.emulator.inject(.status(code: 503, method: "POST", pathPattern: Self.batchTemplate, nth: 1))
        let outcome = try await fixture.apply(try fixture.policy(yaml))
        #expect(outcome.isApplied, "\(outcome)")
        #expect(calls(fixture, "POST", Self.batchTemplate).map(\.status) == [503])
        #expect(calls(fixture, "PUT", "/user/{id}/card/{id}").map(\.status) == [200, 200, 200])
        #expect(fixture.committedCardWrites().sorted() == ids.sorted())
        try await fixture.close()
    }

    @Test(arguments: [EmulatorOptions.CardBatchMode.notFound, .methodNotAllowed])
    func anEndpointBunqDoesNotServeIsTriedOnce(mode: EmulatorOptions.CardBatchMode) async throws {
        let (state, yaml, ids) = try Self.fleet(8) { $0.cardBatch = mode }
        let fixture = try await ApplyFixture(state: state)
        let policy = try fixture.policy(yaml)
        let outcome = try await fixture.apply(policy, batching: CardBatching(size: 4), maxChanges: ChangeThreshold(limit: .percent(100)))
        #expect(outcome.isApplied, "\(outcome)")
        #expect(calls(fixture, "POST", Self.batchTemplate).map(\.status) == [mode == .notFound ? 404 : 405])
        #expect(calls(fixture, "PUT", "/user/{id}/card/{id}").count == 8)
        #expect(fixture.committedCardWrites().sorted() == ids.sorted())
        try await fixture.close()
    }

    /// What a run killed right after sending a batch leaves: the plan archived and `sending`
    /// lines for the batch and each of its cards, but no confirmation.
    func killedAfterSending(_ plan: Plan, _ fixture: ApplyFixture) throws {
        let batch = try #require(plan.cardBatches.first)
        let requestId = RequestIds.base(planId: plan.planId, action: batch.id) + "-a1"
        try FileManager.default.createDirectory(atPath: fixture.directory + "/plans", withIntermediateDirectories: true)
        try Data(PlanJSON.render(plan).utf8).write(to: URL(fileURLWithPath: fixture.directory + "/plans/\(plan.planId).json"))
        try Journal(path: fixture.journalPath).append(
            contentsOf: ([batch.id] + batch.actionIds).map {
                JournalEntry(time: "t", event: .sending, planId: plan.planId, action: $0, requestId: requestId, method: "POST", path: batch.request.path)
            })
    }

    @Test(arguments: [true, false])
    func aKilledRunsBatchIsSettledByReading(arrived: Bool) async throws {
        let (state, yaml, ids) = try Self.fleet(4)
        let fixture = try await ApplyFixture(state: state)
        let policy = try fixture.policy(yaml)
        let (plan, _) = try await fixture.plan(policy)
        let batch = try #require(plan.cardBatches.first)
        if arrived {
            _ = try await fixture.client.sendPlannedWrite(
                method: "POST", path: batch.request.path, body: Array(batch.request.body!.utf8),
                requestId: RequestIdentity(base: RequestIds.base(planId: plan.planId, action: batch.id)))
        }
        try killedAfterSending(plan, fixture)
        let outcome = try await fixture.apply(policy, maxChanges: ChangeThreshold(limit: .percent(100)))
        #expect(arrived ? outcome.isNothingToDo : outcome.isApplied, "\(outcome)")
        // Settled from what bunq holds: each card written once, whichever way the kill fell.
        let writes = fixture.committedCardWrites()
        #expect(writes.sorted() == ids.sorted(), "\(writes)")
        #expect(try await fixture.plan(policy).0.actions.isEmpty)
        try await fixture.close()
    }

    @Test func theBulkChangeGuardBlocksBeforeTheFirstWrite() async throws {
        let (state, yaml, ids) = try Self.fleet(12)
        let fixture = try await ApplyFixture(state: state)
        let policy = try fixture.policy(yaml)
        guard case .blocked(let reasons) = try await fixture.apply(policy) else { Issue.record("expected blocked"); return try await fixture.close() }
        #expect(reasons == ["12 of 12 managed cards (100%) would change, more than 30% of them: pass --max-changes 12 (or 100%) to allow it"])
        #expect(fixture.committedCardWrites().isEmpty)
        guard case .blocked(let counted) = try await fixture.apply(policy, maxChanges: ChangeThreshold(limit: .cards(11))) else {
            Issue.record("expected blocked")
            return try await fixture.close()
        }
        #expect(counted.first?.contains("more than --max-changes 11") == true)
        #expect(try await fixture.apply(policy, maxChanges: ChangeThreshold(argument: "12")!).isApplied)
        #expect(fixture.committedCardWrites().sorted() == ids.sorted())
        // A quarter of them is an ordinary change.
        let few = "cards:\n" + ids.enumerated().map { "  - {name: c\($1), match: {id: \($1)}, limits: {atm: \($0 < 3 ? 6 : 7) EUR}}\n" }.joined()
        #expect(try await fixture.apply(try fixture.policy(few)).isApplied)
        try await fixture.close()
    }

    @Test func maxChangesArguments() {
        #expect(ChangeThreshold(argument: "40%")?.limit == .percent(40))
        #expect(ChangeThreshold(argument: "250")?.limit == .cards(250))
        #expect(ChangeThreshold(argument: "12.5%")?.description == "12.5%")
        for bad in ["", "x", "-1", "101%", "5 cards"] { #expect(ChangeThreshold(argument: bad) == nil, "\(bad)") }
        // The default spares small estates: 9 of 9 is not a bulk change.
        #expect(ChangeThreshold.standard.minimumManagedCards == 10)
    }
}

extension ApplyOutcome {
    var isNothingToDo: Bool {
        if case .nothingToDo = self { return true }
        return false
    }
}
