import BunqAPI
import BunqEmulator
import Foundation
import PolicyModel
import Reconciler
import Testing

@Suite("apply", .serialized)
struct ApplierTests {
    @Test func appliesExactlyThePlannedRequestsThenPlansNothing() async throws {
        let fixture = try await ApplyFixture()
        let policy = try fixture.policy(demoPolicy)
        let (plan, _) = try await fixture.plan(policy)
        let outcome = try await fixture.apply(policy)
        #expect(outcome.isApplied)
        let puts = fixture.emulator.calls().filter { $0.method == "PUT" }
        #expect(puts.map(\.requestBodyText) == plan.actions.map { $0.request.body ?? "" })
        #expect(puts.allSatisfy { $0.requestId?.hasPrefix("cardpolicy-\(plan.planId.prefix(16))-") == true })
        // The estimate before the writes, then a line per write.
        #expect(fixture.progress.count == 3 && fixture.progress[1].hasPrefix("[1/2] card alice"), "\(fixture.progress)")
        #expect(fixture.progress[0] == "Estimated time under bunq's rate limits: under a second (2 PUTs, then 1 card page read back).")
        // The write-only expiry went to the ledger, so the next plan is empty rather than "unknown".
        #expect(try Ledger.load(path: fixture.ledgerPath).countryExpiry(cardId: 2_079_040) == ["US": "2030-12-31 23:59:59.000000"])
        #expect(try await fixture.plan(policy).0.actions.isEmpty)
        let journal = try Journal(path: fixture.journalPath).entries()
        #expect(journal.filter { $0.event == .confirmed }.map(\.action) == ["card/alice", "card/groceries"])
        #expect(journal.filter { $0.event == .sending }.count == 2)
        try await fixture.close()
    }

    @Test(arguments: [
        ("PUT", "/user/{id}/card/{id}", "cards:\n  - {name: alice, match: {last4: \"8069\"}, limits: {atm: 10 EUR}}\n", 0),
        ("POST", "/user/{id}/certificate-pinned", "certificates: []\n", 1),
        ("DELETE", "/user/{id}/certificate-pinned/{id}", "certificates: []\n", 1),
        ("POST", "/user/{id}/notification-filter-url", "notifications:\n  url: []\n", 0)
    ])
    func aDroppedAnswerAfterCommitConvergesWithoutADuplicate(method: String, pattern: String, yaml: String, deletes: Int) async throws {
        let fixture = try await ApplyFixture()
        var policyText = yaml
        if method == "POST", pattern.contains("certificate") {
            let pem = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("policies/certs/webhooks.pem").path
            policyText = "certificates:\n  - {name: webhooks, file: \"\(pem)\"}\n"
        }
        let policy = try fixture.policy(policyText)
        fixture.emulator.inject(.dropResponseAfterCommit(method: method, pathPattern: pattern, nth: 1))
        let outcome = try await fixture.apply(policy, maxDeletes: max(deletes, 1))
        #expect(outcome.isApplied, "\(outcome)")
        let writes = fixture.committedWrites()
        #expect(Set(writes).count == writes.count, "a write was carried out twice: \(writes)")
        #expect(fixture.emulator.calls().contains { $0.dropped })
        #expect(try await fixture.plan(policy).0.actions.isEmpty)
        try await fixture.close()
    }

    @Test(arguments: [429, 500])
    func rejectedAttemptsAreRetriedAndDoneOnce(code: Int) async throws {
        let fixture = try await ApplyFixture()
        fixture.emulator.inject(.status(code: code, method: "PUT", pathPattern: "/user/{id}/card/{id}", nth: 1))
        let outcome = try await fixture.apply(try fixture.policy(demoPolicy))
        #expect(outcome.isApplied, "\(outcome)")
        let puts = fixture.emulator.calls().filter { $0.method == "PUT" }
        #expect(puts.map(\.status) == [code, 200, 200])
        #expect(fixture.committedWrites().count == 2)
        try await fixture.close()
    }

    @Test func aRotatedChainIsNotARemoval() async throws {
        let fixture = try await ApplyFixture()
        let pem = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("policies/certs/webhooks.pem").path
        // The demo pins another chain: the policy's chain replaces it, one POST then one DELETE.
        let rotation = try fixture.policy("certificates:\n  - {name: webhooks, file: \"\(pem)\"}\n")
        let (plan, _) = try await fixture.plan(rotation)
        #expect(plan.actions.map(\.kind) == [.pinCertificateChain, .unpinCertificateChain])
        #expect(plan.summary.delete == 1 && plan.summary.removals == 0)
        guard case .applied = try await fixture.apply(rotation) else { Issue.record("a rotation was blocked"); return }
        #expect(fixture.committedWrites().map { $0.split(separator: " ").first ?? "" } == ["POST", "DELETE"])
        try await fixture.close()
    }

    @Test func aRotationStoppedBeforeItsUnpinIsFinishedByAFreshPlan() async throws {
        let fixture = try await ApplyFixture()
        let pem = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("policies/certs/webhooks.pem").path
        // Two chains are pinned; the policy keeps neither and pins its own: one rotation, one removal.
        fixture.emulator.mutate { state in
            var extra = state.certificatePins[0]
            extra.id = 9_000_001
            state.certificatePins.append(extra)
        }
        let policy = try fixture.policy("certificates:\n  - {name: webhooks, file: \"\(pem)\"}\n")
        fixture.emulator.inject(.status(code: 400, method: "DELETE", pathPattern: "/user/{id}/certificate-pinned/{id}"))
        guard case .partlyApplied = try await fixture.apply(policy, maxDeletes: 1) else { Issue.record("expected a partial apply"); return }
        // A fresh plan sees two unpins and no pin; one of them finishes the earlier rotation.
        let (plan, _) = try await fixture.plan(policy)
        #expect(plan.actions.map(\.kind) == [.unpinCertificateChain, .unpinCertificateChain] && plan.removals == 2)
        #expect(
            try fixture.applier().blockers(plan, pending: plan.actions)
                == ["1 pinned chain would be removed without a replacement, more than --max-deletes 0: pass --max-deletes 1 to allow it"])
        guard case .applied = try await fixture.apply(policy, maxDeletes: 1) else { Issue.record("the rest of the rotation was blocked"); return }
        #expect(fixture.emulator.snapshot().certificatePins.count == 1)
        try await fixture.close()
    }

    @Test func guardsBlockBeforeTheFirstWrite() async throws {
        let fixture = try await ApplyFixture()
        let irreversible = try await fixture.apply(
            try fixture.policy("cards:\n  - {name: g, match: {last4: \"4417\"}, status: CANCELLED, limits: {atm: 1 EUR}}\n"))
        guard case .blocked(let reasons) = irreversible else { Issue.record("not blocked: \(irreversible)"); return }
        #expect(reasons.first?.contains("--allow-irreversible") == true)
        let deletes = try await fixture.apply(try fixture.policy("certificates: []\n"))
        guard case .blocked(let deleteReasons) = deletes else { Issue.record("not blocked: \(deletes)"); return }
        #expect(deleteReasons.first?.contains("--max-deletes") == true)
        let conflict = try await fixture.apply(
            try fixture.policy("cards:\n  - {name: old, match: {id: 2079020}, status: ACTIVE}\n  - {name: g, match: {last4: \"4417\"}, limits: {atm: 1 EUR}}\n")
        )
        guard case .blocked(let conflictReasons) = conflict else { Issue.record("not blocked: \(conflict)"); return }
        #expect(conflictReasons.first?.hasPrefix("conflict:") == true)
        #expect(fixture.committedWrites().isEmpty)
        let allowed = try await fixture.apply(
            try fixture.policy("cards:\n  - {name: g, match: {last4: \"4417\"}, status: CANCELLED}\n"), allowIrreversible: true)
        #expect(allowed.isApplied)
        try await fixture.close()
    }

    @Test func aSavedPlanIsRefusedWhenItsLiveFieldsChanged() async throws {
        let fixture = try await ApplyFixture()
        let (plan, _) = try await fixture.plan(try fixture.policy(demoPolicy))
        let saved = try PlanJSON.decode(Data(PlanJSON.render(plan).utf8))
        fixture.emulator.mutate { state in
            if let index = state.cards.firstIndex(where: { $0.id == 2_079_050 }) { state.cards[index].cardLimitAtm?.value = "150.00" }
        }
        let live = try await LiveStateReader(client: fixture.client).read(.actions(of: saved))
        let outcome = try await fixture.applier().apply(saved, live: live, savedPlan: true)
        guard case .stale(let reasons) = outcome else { Issue.record("not stale: \(outcome)"); return }
        #expect(reasons == ["card groceries (…4417 \"Groceries\"): its live fields changed since the plan was made"])
        #expect(fixture.committedWrites().isEmpty)
        try await fixture.close()
    }

    @Test func aChangeUndoneInTheAppIsAppliedAgainWithANewRequestId() async throws {
        let fixture = try await ApplyFixture()
        let policy = try fixture.policy("cards:\n  - {name: groceries, match: {last4: \"4417\"}, limits: {purchase: 400 EUR}}\n")
        #expect(try await fixture.apply(policy).isApplied)
        func undo() {
            fixture.emulator.mutate { state in
                if let index = state.cards.firstIndex(where: { $0.id == 2_079_050 }) { state.cards[index].cardLimit?.value = "500.00" }
            }
        }
        // Back to exactly the state the first plan was made from: the same plan, the same plan id.
        undo()
        let (again, _) = try await fixture.plan(policy)
        #expect(again.actions.count == 1)
        guard case .applied(let report) = try await fixture.apply(policy) else { Issue.record("not applied again"); return }
        #expect(report.done.count == 1 && report.skipped.isEmpty)
        let puts = fixture.emulator.calls().filter { $0.method == "PUT" && $0.status == 200 }
        #expect(puts.count == 2)
        // The first id is spent: reusing it would be refused by bunq as already used.
        #expect(puts.map { $0.requestId.map(RequestIds.attempt) } == [1, 2])
        #expect(try await fixture.plan(policy).0.actions.isEmpty)
        // And once more: the journal's highest attempt carries on.
        undo()
        #expect(try await fixture.apply(policy).isApplied)
        #expect(fixture.emulator.calls().filter { $0.method == "PUT" && $0.status == 200 }.last?.requestId.map(RequestIds.attempt) == 3)
        try await fixture.close()
    }

    @Test func aSavedPlanMadeAfterAnUndoIsAppliedThoughAnIdenticalOneWasBefore() async throws {
        let fixture = try await ApplyFixture()
        let policy = try fixture.policy("cards:\n  - {name: groceries, match: {last4: \"4417\"}, limits: {purchase: 400 EUR}}\n")
        let (first, firstLive) = try await fixture.plan(policy)
        #expect(try await fixture.applier().apply(first, live: firstLive, savedPlan: true).isApplied)
        // Applying the same file again finds the change in bunq: nothing to do.
        let repeated = try await LiveStateReader(client: fixture.client).read(.actions(of: first))
        guard case .nothingToDo = try await fixture.applier().apply(first, live: repeated, savedPlan: true) else {
            Issue.record("a saved plan already carried out must not be sent again"); return
        }
        fixture.emulator.mutate { state in
            if let index = state.cards.firstIndex(where: { $0.id == 2_079_050 }) { state.cards[index].cardLimit?.value = "500.00" }
        }
        let (second, secondLive) = try await fixture.plan(policy)
        #expect(second.planId == first.planId)
        guard case .applied(let report) = try await fixture.applier().apply(second, live: secondLive, savedPlan: true) else {
            Issue.record("the undone change was not applied again"); return
        }
        #expect(report.done.count == 1)
        #expect(try await fixture.plan(policy).0.actions.isEmpty)
        try await fixture.close()
    }

    @Test func aStaleCardWithTwoActionsIsNamedOnce() async throws {
        let fixture = try await ApplyFixture()
        // A limit PUT and a CVC2 write on the same card: both are planned from its live fields.
        let policy = "cards:\n  - {name: alice, match: {last4: \"8069\"}, limits: {purchase: 2500 EUR}, cvc2: GENERATED}\n"
        let (plan, _) = try await fixture.plan(try fixture.policy(policy))
        #expect(plan.actions.count == 2)
        let saved = try PlanJSON.decode(Data(PlanJSON.render(plan).utf8))
        fixture.emulator.mutate { state in
            if let index = state.cards.firstIndex(where: { $0.id == 2_079_040 }) { state.cards[index].cardLimitAtm?.value = "150.00" }
        }
        let live = try await LiveStateReader(client: fixture.client).read(.actions(of: saved))
        let outcome = try await fixture.applier().apply(saved, live: live, savedPlan: true)
        guard case .stale(let reasons) = outcome else { Issue.record("not stale: \(outcome)"); return }
        #expect(reasons == ["card alice (…8069 \"Alice Travel\"): its live fields changed since the plan was made"])
        try await fixture.close()
    }

    @Test func aSavedPlanThatStoppedHalfwayResumesWithoutRedoingAnything() async throws {
        let fixture = try await ApplyFixture()
        let (plan, _) = try await fixture.plan(try fixture.policy(demoPolicy))
        // The second card PUT is refused outright: the first one stays done.
        fixture.emulator.inject(.status(code: 400, method: "PUT", pathPattern: "/user/{id}/card/{id}", nth: 2))
        let first = try await fixture.applier().apply(plan, live: try await LiveStateReader(client: fixture.client).read(.actions(of: plan)), savedPlan: true)
        guard case .partlyApplied(let report, _) = first else { Issue.record("expected partly applied: \(first)"); return }
        #expect(report.done == ["card/alice"])
        let second = try await fixture.applier().apply(plan, live: try await LiveStateReader(client: fixture.client).read(.actions(of: plan)), savedPlan: true)
        guard case .applied(let resumed) = second else { Issue.record("expected applied: \(second)"); return }
        #expect(resumed.skipped == ["card/alice"] && resumed.done == ["card/groceries"])
        #expect(fixture.committedWrites().count == 2)
        try await fixture.close()
    }

    @Test func anUnansweredWriteOfAKilledRunIsSettledFromTheJournal() async throws {
        let fixture = try await ApplyFixture()
        let policy = try fixture.policy(demoPolicy)
        let (plan, _) = try await fixture.plan(policy)
        let alice = try #require(plan.actions.first)
        // What a run killed right after sending leaves: the plan archived, a `sending` line,
        // and bunq holding the change — but no ledger entry and no confirmation.
        _ = try await fixture.client.sendPlannedWrite(
            method: "PUT", path: alice.request.path, body: Array(alice.request.body!.utf8),
            requestId: RequestIdentity(base: RequestIds.base(planId: plan.planId, action: alice.id)))
        try FileManager.default.createDirectory(atPath: fixture.directory + "/plans", withIntermediateDirectories: true)
        try Data(PlanJSON.render(plan).utf8).write(to: URL(fileURLWithPath: fixture.directory + "/plans/\(plan.planId).json"))
        try Journal(path: fixture.journalPath).append(
            JournalEntry(
                time: "t", event: .sending, planId: plan.planId, action: alice.id,
                requestId: RequestIds.base(planId: plan.planId, action: alice.id) + "-a1"))
        try fixture.applier().settleEarlierAttempts(live: try await LiveStateReader(client: fixture.client).read(.policy(policy)))
        #expect(try Ledger.load(path: fixture.ledgerPath).countryExpiry(cardId: 2_079_040) == ["US": "2030-12-31 23:59:59.000000"])
        let next = try await fixture.plan(policy).0
        #expect(next.actions.map(\.id) == ["card/groceries"])
        try await fixture.close()
    }

    @Test func underBunqsLimitsNoRequestIsRefused() async throws {
        let state = EmulatorState.generated(cards: 40, seed: 7)
        let fixture = try await ApplyFixture(state: state, limits: .bunq)
        let targets = state.cards.filter { $0.status == "ACTIVE" && $0.subStatus == "NONE" && $0.userHolderId == nil }.prefix(6)
        let yaml = "cards:\n" + targets.map { "  - {name: c\($0.id), match: {id: \($0.id)}, limits: {atm: 7 EUR}}\n" }.joined()
        let outcome = try await fixture.apply(try fixture.policy(yaml))
        #expect(outcome.isApplied, "\(outcome)")
        #expect(!fixture.emulator.calls().contains { $0.status == 429 })
        #expect(fixture.emulator.calls().filter { $0.method == "POST" && $0.template == "/user/{id}/card-batch" }.count == 1)
        #expect(fixture.committedCardWrites().count == 6)
        try await fixture.close()
    }
}
