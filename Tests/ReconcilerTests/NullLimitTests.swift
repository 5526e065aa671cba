import Foundation
import PolicyModel
import Testing

@testable import Reconciler

/// bunq may send a card's `card_limit` as null: nothing to compare, so the plan says the
/// value is unknown and sets it, and verification only compares a value bunq shows.
@Suite("a limit bunq sends as null")
struct NullLimitTests {
    private let yaml = "cards:\n  - {name: alice, match: {id: 10}, limits: {purchase: 100 EUR, atm: 50 EUR}}\n"

    private func liveWithoutLimits() -> LiveState {
        var live = sampleLive()
        live.cards[0].cardLimit = nil
        live.cards[0].atmLimit = nil
        return live
    }

    @Test func theBeforeValueIsUnknownAndTheDesiredOneIsSet() throws {
        let plan = try makePlan(yaml, live: liveWithoutLimits())
        let action = try #require(plan.actions.first)
        #expect(
            action.changes == [
                FieldChange(field: "limits.purchase", before: "(unknown: bunq sent no value)", after: "100.00 EUR", afterValue: .amount(eur("100"))),
                FieldChange(field: "limits.atm", before: "(unknown: bunq sent no value)", after: "50.00 EUR", afterValue: .amount(eur("50")))
            ])
        let sent = try body(action)
        #expect((sent["card_limit"] as? [String: String])?["value"] == "100.00")
        #expect((sent["card_limit_atm"] as? [String: String])?["value"] == "50.00")
    }

    @Test func verificationDoesNotCallAStillNullLimitAMismatch() throws {
        let live = liveWithoutLimits()
        let action = try #require(try makePlan(yaml, live: live).actions.first)
        #expect(ActionVerification.mismatches(action, in: live) == [])
    }

    @Test func verificationComparesALimitBunqShows() throws {
        let action = try #require(try makePlan(yaml, live: liveWithoutLimits()).actions.first)
        var after = liveWithoutLimits()
        after.cards[0].cardLimit = eur("100")
        after.cards[0].atmLimit = eur("20")
        #expect(ActionVerification.mismatches(action, in: after) == ["limits.atm"])
    }
}
