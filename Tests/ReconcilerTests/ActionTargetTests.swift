import Foundation
import PolicyModel
import Testing

@testable import Reconciler

/// Each action records what it writes to as data: the pre-write checks, pacing and
/// verification read that, not the request path.
@Suite("action targets")
struct ActionTargetTests {
    static func plan() throws -> Plan {
        try RendererGoldenTests.plan()
    }

    @Test func eachActionNamesItsTarget() throws {
        let plan = try Self.plan()
        let targets = Dictionary(uniqueKeysWithValues: plan.actions.map { ($0.id, $0.target) })
        #expect(targets["card/alice"] == .card(id: 10))
        #expect(targets["card/ads/cvc2"] == .generatedCvc2(cardId: 12, entryId: nil))
        #expect(targets["certificate/webhooks"] == .pinnedChains)
        #expect(targets["certificate-pinned/77"] == .pinnedChain(id: 77))
        #expect(targets["notifications.url"] == .notifications(.userURL))
    }

    @Test(arguments: [
        ActionTarget.card(id: 10), .generatedCvc2(cardId: 10, entryId: 7), .generatedCvc2(cardId: 10, entryId: nil),
        .pinnedChains, .pinnedChain(id: 77), .notifications(.userURL), .notifications(.userPush),
        .notifications(.userEmail), .notifications(.accountURL(100))
    ])
    func targetsRoundTripThroughPlanJSON(target: ActionTarget) throws {
        let data = try JSONEncoder().encode(target)
        #expect(try JSONDecoder().decode(ActionTarget.self, from: data) == target)
    }

    /// The target decides what is checked and verified, so it is part of the plan id.
    @Test func editingATargetChangesThePlanId() throws {
        var plan = try Self.plan()
        #expect(plan.idMatchesActions)
        let index = try #require(plan.actions.firstIndex { $0.id == "card/alice" })
        plan.actions[index].target = .card(id: 11)
        #expect(!plan.idMatchesActions)
    }

    /// The request path no longer decides anything: an action whose path does not look like a
    /// card path is still checked against its card's digest and verified on its card.
    @Test func checksAndVerificationReadTheTargetNotThePath() throws {
        let live = sampleLive()
        var action = try #require(try Self.plan().actions.first { $0.id == "card/alice" })
        action.request.path = "/somewhere/else"
        #expect(action.currentDigest(in: live) == CardDiff.liveDigest(live.cards[0]))
        #expect(ActionVerification.mismatches(action, in: live).contains("limits.purchase"))
    }

    /// bunq counts card updates as one endpoint whatever the card: 5 PUTs at 2 per 3 s window
    /// take two windows of waiting; a generated-CVC2 POST is another endpoint and waits for none.
    @Test func pacingGroupsActionsByTheirTargetsEndpoint() throws {
        let plan = try Self.plan()
        let card = try #require(plan.actions.first { $0.kind == .updateCard })
        let cvc2 = try #require(plan.actions.first { $0.kind == .createGeneratedCvc2 })
        let puts = (10..<15).map { id -> PlanAction in
            var action = card
            action.target = .card(id: id)
            return action
        }
        let steps = puts.map(ApplyStep.single)
        #expect(PacingEstimate.seconds(for: steps) == 6)
        #expect(PacingEstimate.seconds(for: steps + [.single(cvc2)]) == 6)
        #expect(PacingEstimate.seconds(for: steps, limits: .off) == 0)
        // During an apply the requests made so far share the window: after 2 PUTs it is
        // full (5 more end 3 windows on), after 1 the next goes at once (5 more: 2 windows).
        #expect(PacingEstimate.seconds(for: steps, sent: [PacingEstimate.bucket(card): 2]) == 9)
        #expect(PacingEstimate.seconds(for: steps, sent: [PacingEstimate.bucket(card): 1]) == 6)
        #expect(PacingEstimate.seconds(for: Array(steps.prefix(1)), sent: [PacingEstimate.bucket(card): 1]) == 0)
        #expect(PacingEstimate.seconds(for: steps, sent: [PacingEstimate.bucket(cvc2): 1]) == 6)
        // 12 card-batch POSTs at 5 per 3 s, then 5 card pages at 3 per 3 s.
        let batch = PlannedCardBatch(id: "card-batch/1", actionIds: [], request: PlannedRequest(method: "POST", path: "/user/1/card-batch", body: nil))
        #expect(PacingEstimate.seconds(for: Array(repeating: .batch(batch, members: []), count: 12), readPages: 5) == 6 + 3)
    }
}
