import Foundation
import PolicyModel
import Testing

@testable import Reconciler

@Suite("second_line and preferred_name_on_card in the diff")
struct CardNameDiffTests {
    @Test func aNewSecondLineIsSentAloneAndMarkedAsAReprintOnAPhysicalCard() throws {
        let plan = try makePlan("cards:\n  - {name: alice, match: {id: 10}, second_line: \"Alice Trips\"}\n")
        let action = try #require(plan.actions.first)
        #expect(action.request.body == #"{"monetary_account_id_fallback":101,"second_line":"Alice Trips"}"#)
        #expect(
            action.changes == [
                FieldChange(
                    field: "second_line", before: "\"Alice Travel\"", after: "\"Alice Trips\"", beforeValue: .string("Alice Travel"),
                    afterValue: .string("Alice Trips"))
            ])
        #expect(action.reprint == true)
        #expect(plan.reprintActions.map(\.id) == ["card/alice"])
        #expect(PlanText.render(plan).contains("~ second_line: \"Alice Travel\" → \"Alice Trips\""))
        #expect(PlanText.render(plan).contains("~ card alice (…8069 \"Alice Travel\")  MAY REPRINT THE CARD"))
        #expect(PlanText.render(plan).contains("Plan: 1 action, changing 1 card: 0 to add, 1 to change, 0 to remove, 1 may reprint, 2 unmanaged cards."))
        #expect(PlanMarkdown.render(plan).contains("apply needs `--allow-reprint`"))
        #expect(PlanMarkdown.render(plan).contains("| 🖨️ may reprint | card alice"))
        #expect(PlanJSON.render(plan).contains(#""reprint" : true"#))
    }

    @Test func anUnchangedNameIsNeverSentAgain() throws {
        var live = sampleLive()
        live.cards[0].preferredNameOnCard = "Alice Smith"
        let same = try makePlan(
            "cards:\n  - {name: alice, match: {id: 10}, second_line: \"Alice Travel\", preferred_name_on_card: \"Alice Smith\", limits: {atm: 0 EUR}}\n",
            live: live)
        let action = try #require(same.actions.first)
        let sent = try body(action)
        #expect(sent["second_line"] == nil && sent["preferred_name_on_card"] == nil)
        #expect(action.changes.map(\.field) == ["limits.atm"])
        #expect(action.reprint == nil)
        // Without any other change there is nothing to send at all.
        let nothing = try makePlan(
            "cards:\n  - {name: alice, match: {id: 10}, second_line: \"Alice Travel\", preferred_name_on_card: \"Alice Smith\"}\n", live: live)
        #expect(nothing.actions.isEmpty)
    }

    @Test func aFirstPreferredNameIsAnAddition() throws {
        let plan = try makePlan("cards:\n  - {name: bob, match: {id: 11}, preferred_name_on_card: \"Bob Jones\"}\n")
        let action = try #require(plan.actions.first)
        #expect(action.changes == [FieldChange(field: "preferred_name_on_card", before: nil, after: "\"Bob Jones\"", afterValue: .string("Bob Jones"))])
        #expect(try body(action)["preferred_name_on_card"] as? String == "Bob Jones")
        #expect(action.reprint == true)
        #expect(PlanText.render(plan).contains("+ preferred_name_on_card: \"Bob Jones\""))
    }

    @Test func aVirtualCardIsNeverMarkedAsAReprint() throws {
        // Card 12 is virtual by its order status; the same card by sub type or product type is too.
        var live = sampleLive()
        let plan = try makePlan("cards:\n  - {name: ads, match: {id: 12}, second_line: \"Virtual Promo\"}\n", live: live)
        #expect(plan.actions.first?.reprint == nil)
        #expect(try body(plan.actions.first)["second_line"] as? String == "Virtual Promo")
        live.cards[2].orderStatus = "DELIVERED_TO_CUSTOMER"
        live.cards[2].subType = "VIRTUAL"
        #expect(try makePlan("cards:\n  - {name: ads, match: {id: 12}, second_line: \"X\"}\n", live: live).actions.first?.reprint == nil)
        live.cards[2].subType = "NONE"
        live.cards[2].productType = "MASTERCARD_VIRTUAL"
        #expect(try makePlan("cards:\n  - {name: ads, match: {id: 12}, second_line: \"X\"}\n", live: live).actions.first?.reprint == nil)
        live.cards[2].productType = "MASTERCARD_DEBIT"
        #expect(try makePlan("cards:\n  - {name: ads, match: {id: 12}, second_line: \"X\"}\n", live: live).actions.first?.reprint == true)
    }

    @Test func theReprintMarkIsPartOfThePlanId() throws {
        var plan = try makePlan("cards:\n  - {name: alice, match: {id: 10}, second_line: \"Alice Trips\"}\n")
        #expect(plan.idMatchesActions)
        plan.actions[0].reprint = nil
        #expect(!plan.idMatchesActions)
        // What is only shown is covered too: an edited `after` would be displayed while the body is sent.
        var shown = try makePlan("cards:\n  - {name: alice, match: {id: 10}, limits: {atm: 0 EUR}}\n")
        #expect(shown.idMatchesActions)
        shown.actions[0].changes[0].after = "9999.00 EUR"
        #expect(!shown.idMatchesActions)
        // The creation time and cardpolicy version decide nothing, so the same state plans the same id.
        var stamped = try makePlan("cards:\n  - {name: alice, match: {id: 10}, limits: {atm: 0 EUR}}\n")
        stamped.createdAt = "2000-01-01T00:00:00Z"
        stamped.cardpolicyVersion = "0.0.0"
        #expect(stamped.idMatchesActions)
        // Where and until when a saved plan applies are under the id.
        var saved = stamped.saved(apiURL: "https://api.bunq.com/v1", expiresAt: Date(timeIntervalSince1970: 0))
        #expect(saved.idMatchesActions && saved.planId != stamped.planId)
        saved.apiURL = "https://public-api.sandbox.bunq.com/v1"
        #expect(!saved.idMatchesActions)
    }

    @Test func aSavedPlanKeepsTheMarkAndAnOlderFormatIsRefused() throws {
        let plan = try makePlan("cards:\n  - {name: alice, match: {id: 10}, second_line: \"Alice Trips\"}\n")
        let decoded = try PlanJSON.decode(Data(PlanJSON.render(plan).utf8))
        #expect(decoded.actions.first?.mayReprint == true)
        #expect(decoded.formatVersion == Plan.currentFormatVersion)
        var old = try #require(try JSONSerialization.jsonObject(with: Data(PlanJSON.render(plan).utf8)) as? [String: Any])
        old["format_version"] = 2
        let error = try #require(throws: PlanFileError.self) { try PlanJSON.decode(JSONSerialization.data(withJSONObject: old)) }
        #expect(error.description.contains("it is in plan format 2, which an older cardpolicy wrote"))
    }

    @Test func theGuardRefusesAReprintUnlessAllowed() throws {
        let plan = try makePlan("cards:\n  - {name: alice, match: {id: 10}, second_line: \"Alice Trips\"}\n")
        let reasons = ApplyGuards().blockers(plan: plan, pending: plan.actions)
        #expect(
            reasons == [
                "1 name change on a physical card, which bunq may answer by printing a new card (card alice (…8069 \"Alice Travel\")): pass --allow-reprint to make it"
            ])
        #expect(ApplyGuards(allowReprint: true).blockers(plan: plan, pending: plan.actions).isEmpty)
        // Allowing irreversible changes does not allow a reprint.
        #expect(ApplyGuards(allowIrreversible: true).blockers(plan: plan, pending: plan.actions).count == 1)
        // A reprint already done (not pending) no longer blocks a resumed apply.
        #expect(ApplyGuards().blockers(plan: plan, pending: []).isEmpty)
    }

    @Test func verificationComparesTheNamesThatWereSent() throws {
        let plan = try makePlan("cards:\n  - {name: alice, match: {id: 10}, second_line: \"Alice Trips\", preferred_name_on_card: \"Alice\"}\n")
        let action = try #require(plan.actions.first)
        var live = sampleLive()
        #expect(ActionVerification.mismatches(action, in: live) == ["second_line", "preferred_name_on_card"])
        live.cards[0].secondLine = "Alice Trips"
        #expect(ActionVerification.mismatches(action, in: live) == ["preferred_name_on_card"])
        live.cards[0].preferredNameOnCard = "Alice"
        #expect(ActionVerification.mismatches(action, in: live).isEmpty)
    }

    @Test func theNamesAreInTheLiveDigest() throws {
        var card = sampleLive().cards[0]
        let before = CardDiff.liveDigest(card)
        card.preferredNameOnCard = "Alice"
        #expect(CardDiff.liveDigest(card) != before)
        let named = CardDiff.liveDigest(card)
        card.secondLine = "Other"
        #expect(CardDiff.liveDigest(card) != named)
    }

    @Test func exportWritesTheNamesAPolicyCouldSetAndPlansClean() throws {
        var live = sampleLive()
        live.cards[0].preferredNameOnCard = "Alice Smith"
        live.cards[1].secondLine = "Bob Daily Spending Card" // bunq holds it; a policy could not set it (23 characters)
        let yaml = PolicyExport.cards(live, ledger: Ledger())
        #expect(yaml.contains("    second_line: \"Alice Travel\"\n    preferred_name_on_card: \"Alice Smith\"\n"))
        #expect(!yaml.contains("second_line: \"Bob Daily"))
        let result = PolicyLoader.load(text: yaml, path: "cards.yaml", now: fixedNow)
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics)")
        let plan = try Planner.plan(policy: try #require(result.policy), live: live, ledger: Ledger(), now: fixedNow, cardpolicyVersion: "test")
        #expect(plan.actions.isEmpty)
    }

    @Test func aGroupMatchingBySecondLineSaysWhenARenameMovesTheCardOutOrIn() throws {
        let plan = try makePlan(
            """
            card_groups:
              - {name: travel, match: {second_line: "Alice Tr*"}, limits: {atm: 0 EUR}}
              - {name: trips, match: {second_line: "*Trips"}, limits: {atm: 0 EUR}}
            cards:
              - {name: alice, match: {id: 10}, second_line: "Alice Trips"}
              - {name: bob, match: {id: 11}, second_line: "Bob Trips"}

            """)
        #expect(
            plan.notes.contains(
                "card group trips (p.yaml:4:5) will apply to card bob once it is renamed to \"Bob Trips\" (second_line \"*Trips\"); the next plan adds its settings"
            ))
        // alice still matches travel ("Alice Tr*") and starts matching trips.
        #expect(plan.notes.contains { $0.hasPrefix("card group trips (p.yaml:4:5) will apply to card alice") })
        let leaving = try makePlan(
            """
            card_groups:
              - {name: travel, match: {second_line: "*Travel"}, limits: {atm: 0 EUR}}
            cards:
              - {name: alice, match: {id: 10}, second_line: "Alice Trips"}

            """)
        #expect(
            leaving.notes == [
                "card group travel (p.yaml:3:5) matches card alice by second_line \"*Travel\"; once it is renamed to \"Alice Trips\" the group no longer applies to it (the settings it set stay as they are)"
            ])
    }
}
