import Testing

@testable import Reconciler

/// The text plan shows one card's actions together, risky cards first; execution order stays.
@Suite("plan display order")
struct PlanOrderTests {
    static func action(_ id: String, _ kind: ActionKind, _ target: ActionTarget, irreversible: Bool = false) -> PlanAction {
        PlanAction(
            id: id, kind: kind, resource: id, changes: [], target: target,
            request: PlannedRequest(method: "PUT", path: "/\(id)", body: "{}"), irreversible: irreversible, sources: [],
            liveDigest: "")
    }

    @Test func aCardsActionsStandTogetherWhereItsRiskiestOneWould() {
        // Execution order: card PUTs, then CVC2 changes, then the rest.
        let actions = [
            Self.action("card/a", .updateCard, .card(id: 1)),
            Self.action("card/b", .updateCard, .card(id: 2)),
            Self.action("cvc2/a", .updateGeneratedCvc2, .generatedCvc2(cardId: 1, entryId: 7)),
            Self.action("cvc2/b", .createGeneratedCvc2, .generatedCvc2(cardId: 2, entryId: nil), irreversible: true),
            Self.action("filters", .replaceNotificationFilters, .notifications(.userURL))
        ]
        #expect(PlanOrder.forDisplay(actions).map(\.id) == ["card/b", "cvc2/b", "card/a", "cvc2/a", "filters"])
        let text = PlanText.render(
            Plan(planId: "p", createdAt: "", cardpolicyVersion: "test", userId: 1, actions: actions, conflicts: [], notes: []))
        let order = ["card/b", "cvc2/b", "card/a", "cvc2/a", "filters"].map { id in text.range(of: "/\(id)")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order.compactMap { $0 } == order.compactMap { $0 }.sorted())
    }
}
