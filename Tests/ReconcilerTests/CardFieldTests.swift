import Foundation
import PolicyModel
import Testing

@testable import Reconciler

@Suite("card fields")
struct CardFieldTests {
    /// The policy side and the bunq side of the card fields are two lists, one per module;
    /// a key in one and not the other would be read but never planned, or planned but never read.
    @Test func bothListsNameTheSameFieldsInTheSameOrder() {
        #expect(CardField.all.map(\.key) == CardSettings.fields.map(\.key))
    }

    @Test func everyFieldAPolicySetsIsPlannedVerifiedAndExportedBackUnchanged() throws {
        let yaml = """
            cards:
              - name: alice
                match: {id: 10}
                status: DEACTIVATED
                limits: {purchase: 50 EUR, atm: 0 EUR}
                countries: [NL]
                fallback_account: none
            """
        let plan = try makePlan(yaml + "\n")
        let action = try #require(plan.actions.first)
        #expect(action.changes.map(\.field) == ["status", "limits.purchase", "limits.atm", "countries", "fallback_account"])
        var live = sampleLive()
        #expect(ActionVerification.mismatches(action, in: live) == ["status", "limits.purchase", "limits.atm", "countries", "fallback_account"])
        live.cards[0].status = .deactivated
        live.cards[0].cardLimit = eur("50")
        live.cards[0].atmLimit = eur("0")
        live.cards[0].countries = ["NL"]
        live.cards[0].fallbackAccountId = nil
        #expect(ActionVerification.mismatches(action, in: live).isEmpty)
        let exported = PolicyExport.cards(live, ledger: Ledger())
        #expect(
            exported.contains(
                """
                  - name: alice-travel
                    match: {id: 10}
                    status: DEACTIVATED
                    limits:
                      purchase: 50.00 EUR
                      atm: 0.00 EUR
                    countries: [NL]
                    fallback_account: none
                    cvc2: STATIC

                """))
        #expect(try makePlan(exported.replacingOccurrences(of: "version: 1\n", with: ""), live: live).actions.isEmpty)
    }
}
