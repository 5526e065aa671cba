import BunqAPI
import BunqEmulator
import Foundation
import PolicyModel
import Reconciler
import Testing

/// The apply flow the command runs, fresh and saved, against the in-process emulator.
@Suite("apply sessions")
struct ApplySessionTests {
    @Test func aFreshApplyShowsThePlanAsksOnceAndWrites() async throws {
        let fixture = try await ApplyFixture()
        var shown: [Plan] = []
        var asked = 0
        let outcome = try await fixture.session().fresh(
            policy: try fixture.policy(demoPolicy), client: fixture.client, cardpolicyVersion: "test",
            show: { shown.append($0) }, confirm: { asked += 1 })
        #expect(outcome.isApplied)
        #expect(shown.count == 1 && shown.first?.hasChanges == true)
        #expect(asked == 1)
        #expect(!fixture.committedWrites().isEmpty)
        try await fixture.close()
    }

    @Test func aFreshApplyThatIsCancelledWritesNothing() async throws {
        struct Cancelled: Error {}
        let fixture = try await ApplyFixture()
        await #expect(throws: Cancelled.self) {
            try await fixture.session().fresh(
                policy: try fixture.policy(demoPolicy), client: fixture.client, cardpolicyVersion: "test",
                show: { _ in }, confirm: { throw Cancelled() })
        }
        #expect(fixture.committedWrites().isEmpty)
        try await fixture.close()
    }

    @Test func aSavedPlanWithNothingToDoNeverConnects() async throws {
        let fixture = try await ApplyFixture()
        let empty = Plan(planId: "p", createdAt: "", cardpolicyVersion: "test", userId: 1, actions: [], conflicts: [], notes: [])
        var connected = false
        let outcome = try await fixture.session().saved(
            empty, show: { _ in },
            connect: {
                connected = true
                return fixture.client
            })
        guard case .nothingToDo = outcome else { Issue.record("\(outcome)"); return }
        #expect(!connected)
        try await fixture.close()
    }

    @Test func aSavedPlanForAnotherUserIsRefusedAndWritesNothing() async throws {
        let fixture = try await ApplyFixture()
        var (plan, _) = try await fixture.plan(try fixture.policy(demoPolicy))
        let owner = plan.userId
        plan.userId = owner + 1
        await #expect {
            try await fixture.session().saved(plan, show: { _ in }, connect: { fixture.client })
        } throws: { error in
            "\(error)" == "the saved plan is for bunq user \(owner + 1), but this API key is user \(owner)"
        }
        #expect(fixture.committedWrites().isEmpty)
        try await fixture.close()
    }
}
