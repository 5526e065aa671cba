import Foundation
import PolicyModel
import Testing

@testable import Reconciler

@Suite("card diff")
struct CardDiffTests {
    @Test func aChangedLimitIsOnePutWithOnlyThatFieldAndTheFallback() throws {
        let plan = try makePlan("cards:\n  - {name: alice, match: {last4: \"8069\"}, limits: {purchase: 2500 EUR, atm: 200 EUR}}\n")
        #expect(plan.actions.count == 1)
        let action = try #require(plan.actions.first)
        #expect(action.request.method == "PUT" && action.request.path == "/user/1/card/10")
        #expect(action.request.body == #"{"card_limit":{"currency":"EUR","value":"2500.00"},"monetary_account_id_fallback":101}"#)
        #expect(
            action.changes == [
                FieldChange(
                    field: "limits.purchase", before: "1000.00 EUR", after: "2500.00 EUR", beforeValue: .amount(eur("1000")),
                    afterValue: .amount(eur("2500")))
            ])
        #expect(action.sources.map(\.line) == [3])
        #expect(action.resource == "card alice (…8069 \"Alice Travel\")")
    }

    @Test func equalAmountsInAnotherSpellingAreInSync() throws {
        let plan = try makePlan(
            "cards:\n  - {name: bob, match: {id: 11}, limits: {purchase: 500.00 EUR, atm: {value: \"100.0\", currency: EUR}}, countries: [NL]}\n")
        #expect(plan.actions.isEmpty)
    }

    @Test func aCardWithoutFallbackGetsAPutWithoutTheFieldNeverANull() throws {
        // bob has no fallback account: bunq removes it when the field is left out, which keeps it so.
        let plan = try makePlan("cards:\n  - {name: bob, match: {id: 11}, limits: {atm: 0 EUR}}\n")
        let action = try #require(plan.actions.first)
        #expect(action.request.body == #"{"card_limit_atm":{"currency":"EUR","value":"0.00"}}"#)
    }

    @Test func fallbackResolvesByIbanAndDescription() throws {
        let byIban = try makePlan("cards:\n  - {name: bob, match: {id: 11}, fallback_account: {iban: \"NL91 ABNA 0417 1643 00\"}}\n")
        #expect(try body(byIban.actions.first)["monetary_account_id_fallback"] as? Int == 100)
        #expect(
            byIban.actions.first?.changes.first
                == FieldChange(
                    field: "fallback_account", before: "none", after: "100 \"Main\"",
                    afterValue: .object(["id": .int(100), "iban": .string("NL91ABNA0417164300"), "description": .string("Main")])))
        let byDescription = try makePlan("cards:\n  - {name: alice, match: {id: 10}, fallback_account: {description: Buffer}}\n")
        #expect(byDescription.actions.isEmpty)
        // Removing alice's fallback is a PUT that leaves the field out.
        let none = try makePlan("cards:\n  - {name: alice, match: {id: 10}, fallback_account: none}\n")
        #expect(none.actions.first?.request.body == "{}")
        #expect(
            none.actions.first?.changes.first
                == FieldChange(
                    field: "fallback_account", before: "101 \"Buffer\"", after: "none",
                    beforeValue: .object(["id": .int(101), "iban": .string("NL02BUNQ2025000101"), "description": .string("Buffer")])))
        #expect(
            try planningErrors("cards:\n  - {name: a, match: {id: 10}, fallback_account: {description: Savings}}\n")
                == [
                    "p.yaml:3:50: error: card a (…8069 \"Alice Travel\"): fallback_account: no monetary account described \"Savings\"; the accounts are 100 \"Main\" (NL91ABNA0417164300), 101 \"Buffer\" (NL02BUNQ2025000101), 102 \"Card\""
                ])
    }

    @Test func countriesAreSentAsTheCompleteListAndComparedAsSets() throws {
        let same = try makePlan("cards:\n  - {name: alice, match: {id: 10}, countries: [DE, NL]}\n")
        #expect(same.actions.isEmpty)
        let plan = try makePlan("cards:\n  - {name: alice, match: {id: 10}, countries: [NL, BE]}\n")
        let permissions = try body(plan.actions.first)["country_permission"] as? [[String: String]]
        #expect(permissions == [["country": "NL"], ["country": "BE"]])
        #expect(
            plan.actions.first?.changes == [
                FieldChange(
                    field: "countries", before: "NL, DE", after: "NL, BE",
                    beforeValue: .array([.object(["country": .string("NL")]), .object(["country": .string("DE")])]),
                    afterValue: .array([.object(["country": .string("NL")]), .object(["country": .string("BE")])]))
            ])
    }

    @Test func aWriteOnlyExpiryIsSentOnceThenTrackedByTheLedger() throws {
        let yaml = "cards:\n  - {name: alice, match: {id: 10}, countries: [NL, DE, {country: US, until: 2026-12-31}]}\n"
        var live = sampleLive()
        live.cards[0].countries = ["NL", "DE", "US"]
        // No ledger entry: bunq has US but nobody knows its expiry, so it is sent once.
        let first = try makePlan(yaml, live: live)
        let action = try #require(first.actions.first)
        #expect(action.changes.first?.note?.contains("expiry unknown") == true)
        #expect(action.ledger == LedgerEntry(cardId: 10, countryExpiry: ["US": "2026-12-31 23:59:59.000000"]))
        #expect((try body(action)["country_permission"] as? [[String: String]])?.last == ["country": "US", "expiry_time": "2026-12-31 23:59:59.000000"])
        // Once the ledger has it, the same policy is in sync: no change planned on every run.
        var ledger = Ledger()
        ledger.record(action.ledger!, at: fixedNow)
        #expect(try makePlan(yaml, live: live, ledger: ledger).actions.isEmpty)
        // A new date is a change, shown with the old date from the ledger.
        let moved = try makePlan(yaml.replacingOccurrences(of: "2026-12-31", with: "2027-01-15"), live: live, ledger: ledger)
        #expect(
            moved.actions.first?.changes == [
                FieldChange(
                    field: "countries", before: "NL, DE, US until 2026-12-31", after: "NL, DE, US until 2027-01-15",
                    beforeValue: .array([
                        .object(["country": .string("NL")]), .object(["country": .string("DE")]),
                        .object(["country": .string("US"), "until": .string("2026-12-31T23:59:59Z")])
                    ]),
                    afterValue: .array([
                        .object(["country": .string("NL")]), .object(["country": .string("DE")]),
                        .object(["country": .string("US"), "until": .string("2027-01-15T23:59:59Z")])
                    ]))
            ])
        // Dropping the until clears the expiry bunq still holds.
        let cleared = try makePlan("cards:\n  - {name: alice, match: {id: 10}, countries: [NL, DE, US]}\n", live: live, ledger: ledger)
        #expect(cleared.actions.first?.ledger == LedgerEntry(cardId: 10, countryExpiry: [:]))
    }

    @Test func aPastUntilIsInactiveAndRemovedFromBunq() throws {
        var live = sampleLive()
        live.cards[0].countries = ["NL", "US"]
        let plan = try makePlan("cards:\n  - {name: alice, match: {id: 10}, countries: [NL, {country: US, until: 2026-11-01}]}\n", live: live)
        #expect(try body(plan.actions.first)["country_permission"] as? [[String: String]] == [["country": "NL"]])
    }

    @Test func aPermissionThatEndedAsTheLedgerSaysIsNotDrift() throws {
        let yaml = "cards:\n  - {name: alice, match: {id: 10}, countries: [NL, {country: US, until: 2026-11-20}]}\n"
        var ledger = Ledger()
        ledger.record(LedgerEntry(cardId: 10, countryExpiry: ["US": "2026-11-20 23:59:59.000000"]), at: fixedNow)
        // Whether bunq still lists the ended permission or has dropped it, nothing is to be done.
        for countries in [["NL", "US"], ["NL"]] {
            var live = sampleLive()
            live.cards[0].countries = countries
            #expect(try makePlan(yaml, live: live, ledger: ledger).actions.isEmpty, "live \(countries)")
        }
        // Renewing it is a change, sent with the new expiry.
        var live = sampleLive()
        live.cards[0].countries = ["NL", "US"]
        let renewed = try makePlan(yaml.replacingOccurrences(of: "2026-11-20", with: "2027-01-15"), live: live, ledger: ledger)
        #expect(
            try body(renewed.actions.first)["country_permission"] as? [[String: String]]
                == [["country": "NL"], ["country": "US", "expiry_time": "2027-01-15 23:59:59.000000"]])
        // An expiry the ledger holds that has not passed keeps the country live.
        var later = Ledger()
        later.record(LedgerEntry(cardId: 10, countryExpiry: ["US": "2026-12-31 23:59:59.000000"]), at: fixedNow)
        let dropped = try makePlan("cards:\n  - {name: alice, match: {id: 10}, countries: [NL]}\n", live: live, ledger: later)
        #expect(dropped.actions.first?.changes.first?.field == "countries")
    }

    @Test func irreversibleStatusesAreFlaggedAndLiveOnesAreConflicts() throws {
        let lost = try makePlan("cards:\n  - {name: bob, match: {id: 11}, status: LOST}\n")
        #expect(lost.actions.first?.irreversible == true)
        #expect(lost.actions.first?.changes.first?.irreversible == true)
        #expect(lost.summary.irreversible == 1)
        let revive = try makePlan("cards:\n  - {name: old, match: {id: 13}, status: ACTIVE}\n")
        #expect(revive.actions.isEmpty)
        #expect(revive.conflicts.map(\.message) == ["status: the card is CANCELLED, which is permanent; it cannot become ACTIVE"])
        let stillCancelled = try makePlan("cards:\n  - {name: old, match: {id: 13}, status: CANCELLED}\n")
        #expect(stillCancelled.actions.isEmpty && stillCancelled.conflicts.isEmpty)
        let limitOnCancelled = try makePlan("cards:\n  - {name: old, match: {id: 13}, limits: {atm: 5 EUR}}\n")
        #expect(limitOnCancelled.conflicts.first?.message.contains("cannot change limits.atm: it is CANCELLED") == true)
    }

    @Test func statusChangesRespectOrderStatus() throws {
        var live = sampleLive()
        live.cards[1].orderStatus = "SENT_FOR_PRODUCTION"
        let plan = try makePlan("cards:\n  - {name: bob, match: {id: 11}, status: DEACTIVATED}\n", live: live)
        #expect(plan.actions.isEmpty)
        #expect(plan.conflicts.first?.message.contains("only after its first activation") == true)
        let virtual = try makePlan("cards:\n  - {name: ads, match: {id: 12}, status: DEACTIVATED}\n")
        #expect(virtual.actions.count == 1)
    }

    @Test func aCardThatBecameLostIsAConflictNotAMissingMatch() throws {
        var live = sampleLive()
        live.cards[1].status = .lost
        let plan = try makePlan("cards:\n  - {name: bob, match: {last4: \"1111\"}, limits: {atm: 0 EUR}}\n", live: live)
        #expect(plan.conflicts.count == 1)
        #expect(plan.conflicts.first?.message.contains("it is LOST") == true)
    }

    /// bunq blocks a card after too many wrong PINs and no API call unblocks it, so such a
    /// card is treated like a cancelled one everywhere: not matched, not exported.
    @Test func aPinBlockedCardIsFinalForMatchingAndExport() throws {
        var live = sampleLive()
        live.cards[1].status = .pinTriesExceeded
        let entry = try makePlan("cards:\n  - {name: bob, match: {last4: \"1111\"}, limits: {atm: 0 EUR}}\n", live: live)
        #expect(
            entry.conflicts.map(\.message) == [
                "last4 1111 now selects only cards that cannot be changed (11 …1111 \"Bob Daily\": it is PIN_TRIES_EXCEEDED); match the replacement card or remove the entry"
            ])
        let group = try makePlan("card_groups:\n  - {name: maestro, match: {type: MAESTRO}, limits: {atm: 0 EUR}}\n", live: live)
        #expect(group.actions.isEmpty && group.conflicts.isEmpty)
        let exported = PolicyExport.cards(live, ledger: Ledger())
        #expect(!exported.contains("match: {id: 11}"))
        #expect(exported.contains("#   11 …1111 \"Bob Daily\": it is PIN_TRIES_EXCEEDED"))
    }

    @Test func selectorsMustFindExactlyOneCard() throws {
        #expect(try planningErrors("cards:\n  - {name: x, match: {last4: \"9999\"}}\n") == ["p.yaml:3:22: error: card x: no live card has last4 9999"])
        #expect(try planningErrors("cards:\n  - {name: x, match: {name_on_card: A. SMITH}}\n") == [])
        var live = sampleLive()
        live.cards[1].nameOnCard = "A. SMITH"
        #expect(
            try planningErrors("cards:\n  - {name: x, match: {name_on_card: A. SMITH}}\n", live: live)
                == ["p.yaml:3:22: error: card x: name_on_card \"A. SMITH\" matches 2 cards (10 …8069 \"Alice Travel\", 11 …1111 \"Bob Daily\"); match by id"])
        #expect(
            try planningErrors("cards:\n  - {name: x, match: {id: 10}}\n  - {name: y, match: {last4: \"8069\"}}\n")
                .first?.contains("card y selects the same card as x") == true)
    }

    @Test func groupsApplyToMatchingCardsAndCardsOverrideThem() throws {
        let plan = try makePlan(
            """
            card_groups:
              - {name: no-cash, match: {type: MASTERCARD}, limits: {atm: 0 EUR}}
              - {name: nothing, match: {second_line: "Nobody*"}, limits: {atm: 0 EUR}}
            cards:
              - {name: alice, match: {id: 10}, limits: {atm: 200 EUR}}
            """)
        // Alice's card entry overrides the group; the cancelled card is never matched by a group.
        #expect(plan.actions.map(\.id) == ["card/12"])
        #expect(plan.actions.first?.resource == "card …2222 \"Virtual Ads\" (group no-cash)")
        #expect(plan.notes.first?.hasPrefix("card group nothing (p.yaml:4:5) matches no card") == true)
    }

    @Test func twoGroupsDisagreeingIsAnErrorNamingBoth() throws {
        let errors = try planningErrors(
            """
            card_groups:
              - {name: a, match: {type: MASTERCARD}, limits: {atm: 0 EUR}}
              - {name: b, match: {second_line: "Virtual*"}, limits: {atm: 10 EUR}}
            """)
        #expect(errors == ["p.yaml:4:63: error: group b sets limits.atm of card …2222 \"Virtual Ads\" to a different value than group a (p.yaml:3:56)"])
    }

    @Test func cvc2UsesTheGeneratedCvc2Endpoint() throws {
        var live = sampleLive()
        let post = try makePlan("cards:\n  - {name: alice, match: {id: 10}, cvc2: GENERATED}\n", live: live)
        #expect(post.actions.map(\.kind) == [.createGeneratedCvc2])
        #expect(post.actions.first?.request == PlannedRequest(method: "POST", path: "/user/1/card/10/generated-cvc2", body: #"{"type":"GENERATED"}"#))
        live.generatedCvc2[10] = [LiveGeneratedCvc2(id: 5, type: "STATIC"), LiveGeneratedCvc2(id: 7, type: "STATIC")]
        let put = try makePlan("cards:\n  - {name: alice, match: {id: 10}, cvc2: GENERATED}\n", live: live)
        #expect(put.actions.first?.request.path == "/user/1/card/10/generated-cvc2/7")
        #expect(Planner.cardsNeedingGeneratedCvc2(policy: try loadPolicy("cards:\n  - {name: alice, match: {id: 10}, cvc2: GENERATED}\n"), live: live) == [10])
    }

    @Test func theLiveDigestChangesWithAnyPlannedFromField() {
        let card = sampleLive().cards[0]
        var changed = card
        changed.atmLimit = eur("201")
        #expect(CardDiff.liveDigest(card) != CardDiff.liveDigest(changed))
        #expect(CardDiff.liveDigest(card) == CardDiff.liveDigest(sampleLive().cards[0]))
    }
}
