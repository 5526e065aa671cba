import Foundation
import PolicyModel
import Testing

@testable import Reconciler

/// The sample state plus what a company's estate holds besides: a card bunq replaced (…4444
/// by …5555), a card an employee holds (…6666), all ACTIVE.
func estateLive(replacementLink: Bool = true) -> LiveState {
    var live = sampleLive()
    live.cards += [
        LiveCard(
            id: 14, type: "MAESTRO", productType: "MAESTRO_DEBIT", secondLine: "Carol", nameOnCard: "C. DE WIT",
            lastFourDigits: ["4444"], status: .deactivated, subStatus: "REPLACED", orderStatus: "DELIVERED_TO_CUSTOMER",
            cardLimit: eur("800"), atmLimit: eur("100"), countries: ["NL", "US"], primaryAccountId: 100,
            replacedById: replacementLink ? 15 : nil),
        LiveCard(
            id: 15, type: "MAESTRO", productType: "MAESTRO_DEBIT", secondLine: "Carol", nameOnCard: "C. DE WIT",
            lastFourDigits: ["5555"], status: .active, orderStatus: "DELIVERED_TO_CUSTOMER",
            cardLimit: eur("1000"), atmLimit: eur("200"), countries: ["NL"], primaryAccountId: 100),
        LiveCard(
            id: 16, type: "MAESTRO", secondLine: "Office", nameOnCard: "D. JANSEN", lastFourDigits: ["6666"],
            status: .active, orderStatus: "DELIVERED_TO_CUSTOMER", cardLimit: eur("500"), atmLimit: eur("100"),
            countries: ["NL"], primaryAccountId: 100, userOwnerId: 1, userHolderId: 7)
    ]
    return live
}

@Suite("cards the policy does not cover")
struct UnmanagedCardTests {
    @Test func listsEveryChangeableCardNoEntryOrGroupCovers() throws {
        let plan = try makePlan("cards:\n  - {name: alice, match: {id: 10}, limits: {atm: 0 EUR}}\n", live: estateLive())
        // 13 is cancelled and 14 replaced: history, not estate to declare.
        #expect(plan.unmanaged.map(\.id) == [11, 12, 15, 16])
        #expect(plan.summary.unmanaged == 4)
        #expect(plan.unmanagedRule == .report)
        #expect(!plan.unmanagedCardsAreDrift)
        let employee = try #require(plan.unmanaged.last)
        #expect(employee.holderId == 7 && employee.nameOnCard == "D. JANSEN" && employee.last4 == "6666")
        #expect(employee.summary == #"…6666 "Office" (id 16): ACTIVE, purchase 500.00 EUR, atm 100.00 EUR, held by user 7 ("D. JANSEN")"#)
    }

    @Test func groupsCoverCardsToo() throws {
        let plan = try makePlan(
            "card_groups:\n  - {name: all-master, match: {type: MASTERCARD}, limits: {atm: 0 EUR}}\n  - {name: maestro, match: {type: MAESTRO}, limits: {atm: 0 EUR}}\n"
        )
        #expect(plan.unmanaged.isEmpty)
    }

    @Test func ignoreListsNothingAndErrorMakesThemDrift() throws {
        let yaml = "cards:\n  - {name: alice, match: {id: 10}, limits: {atm: 0 EUR}}\n"
        let ignored = try makePlan("unmanaged: ignore\n" + yaml)
        #expect(ignored.unmanaged.isEmpty && ignored.summary.unmanaged == 0)
        let strict = try makePlan("unmanaged: error\n" + yaml)
        #expect(strict.unmanaged.map(\.id) == [11, 12])
        #expect(strict.unmanagedCardsAreDrift)
        // They change nothing, but they are shown, so the plan id covers them like the rest.
        #expect(strict.planId != ignored.planId)
        let covered = try makePlan("unmanaged: error\ncard_groups:\n  - {name: every, match: {status: ACTIVE}, limits: {atm: 0 EUR}}\n")
        #expect(!covered.unmanagedCardsAreDrift)
    }

    @Test func renderersShowTheCountAndTheCards() throws {
        let plan = try makePlan("unmanaged: error\ncards:\n  - {name: alice, match: {id: 10}, limits: {atm: 0 EUR}}\n")
        let text = PlanText.render(plan)
        #expect(text.contains("2 cards the policy does not cover (`unmanaged: error`: drift fails until each is declared):"))
        #expect(text.contains(#"  ? …1111 "Bob Daily" (id 11): ACTIVE, purchase 500.00 EUR, atm 100.00 EUR"#))
        #expect(text.hasSuffix("Plan: 1 action, changing 1 card: 0 to add, 1 to change, 0 to remove, 2 unmanaged cards.\n"))
        let markdown = PlanMarkdown.render(plan)
        #expect(markdown.contains("<details><summary>2 cards the policy does not cover</summary>"))
        #expect(markdown.contains(#"| …2222 "Virtual Ads" (id 12) | ACTIVE | purchase 300.00 EUR, atm 50.00 EUR |  |"#))
        #expect(markdown.contains("> **2 cards the policy does not cover**; with `unmanaged: error`, drift fails until each is declared."))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(PlanJSON.render(plan).utf8)) as? [String: Any])
        #expect((json["unmanaged"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [11, 12])
        #expect(json["unmanaged_rule"] as? String == "error")
        #expect((json["summary"] as? [String: Any])?["unmanaged"] as? Int == 2)
    }

    @Test func aSavedPlanWithoutTheListStillReads() throws {
        let plan = try makePlan("cards:\n  - {name: alice, match: {id: 10}, limits: {atm: 0 EUR}}\n")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(PlanJSON.render(plan).utf8)) as? [String: Any])
        json["unmanaged"] = nil
        json["unmanaged_rule"] = nil
        let read = try PlanJSON.decode(try JSONSerialization.data(withJSONObject: json))
        #expect(read.unmanaged.isEmpty && read.unmanagedRule == .report && read.actions == plan.actions)
    }
}

@Suite("another company user's cards")
struct EmployeeCardTests {
    @Test func aSelectorByWhatTheCardShowsDoesNotTakeIt() throws {
        let errors = try planningErrors("cards:\n  - {name: office, match: {last4: \"6666\"}, limits: {atm: 0 EUR}}\n", live: estateLive())
        #expect(errors.count == 1)
        #expect(errors.first?.contains("selects only cards other users of the company hold") == true)
        #expect(errors.first?.contains("match it by id or holder") == true)
    }

    @Test func anEntryByHolderOrIdManagesItAndThePlanSaysSo() throws {
        for selector in ["{holder: 7}", "{id: 16}"] {
            let plan = try makePlan("cards:\n  - {name: office, match: \(selector), limits: {atm: 0 EUR}}\n", live: estateLive())
            let action = try #require(plan.actions.first)
            #expect(action.target == .card(id: 16))
            #expect(action.resource == #"card office (…6666 "Office", held by user 7)"#)
            #expect(
                plan.notes.contains {
                    $0
                        == #"card office (…6666 "Office", held by user 7): another user of the company holds this card; if bunq refuses the change, apply reports that for this card"#
                })
            #expect(!plan.unmanaged.contains { $0.id == 16 })
        }
    }

    @Test func aHolderWithSeveralCardsNeedsAnId() throws {
        var live = estateLive()
        var second = live.cards[live.cards.count - 1]
        second.id = 17
        second.lastFourDigits = ["7777"]
        live.cards.append(second)
        let errors = try planningErrors("cards:\n  - {name: office, match: {holder: 7}, limits: {atm: 0 EUR}}\n", live: live)
        #expect(errors.first?.contains("holder 7 matches 2 cards") == true)
    }

    @Test func aGroupCoversThemOnlyWhenItNamesTheHolder() throws {
        let broad = try makePlan("card_groups:\n  - {name: maestro, match: {type: MAESTRO}, limits: {atm: 0 EUR}}\n", live: estateLive())
        #expect(!broad.actions.contains { $0.target == .card(id: 16) })
        #expect(broad.unmanaged.contains { $0.id == 16 })
        let named = try makePlan("card_groups:\n  - {name: staff, match: {holder: 7}, limits: {atm: 0 EUR}}\n", live: estateLive())
        #expect(named.actions.map(\.target) == [.card(id: 16)])
    }
}

@Suite("replaced cards")
struct ReplacedCardTests {
    static let policy =
        "cards:\n  - name: carol\n    match: {last4: \"4444\"}\n    limits: {purchase: 800 EUR}\n    countries: [NL, {country: US, until: 2027-01-31}]\n"

    @Test func anEntryFollowsTheCardBunqIssuedInItsPlace() throws {
        let plan = try makePlan(Self.policy, live: estateLive())
        let action = try #require(plan.actions.first)
        #expect(action.target == .card(id: 15))
        #expect(action.resource == #"card carol (…5555 "Carol")"#)
        // The new card starts at bunq's defaults, so the policy's fields are planned for it.
        #expect(action.changes.map(\.field) == ["limits.purchase", "countries"])
        #expect(plan.notes.contains("card carol (p.yaml:4:12): …4444 was replaced by …5555; the policy now applies to …5555"))
        // What was sent for the old card says nothing about the new one: its record goes.
        #expect(action.ledger?.cardId == 15 && action.ledger?.replacedCardIds == [14])
        #expect(plan.conflicts.isEmpty && !plan.unmanaged.contains { $0.id == 15 })
    }

    @Test func byIdToo() throws {
        let plan = try makePlan("cards:\n  - {name: carol, match: {id: 14}, limits: {purchase: 800 EUR}}\n", live: estateLive())
        #expect(plan.actions.map(\.target) == [.card(id: 15)])
    }

    @Test func withoutTheLinkTheOneLaterCardOfTheSameKindIsTheSuccessor() throws {
        let plan = try makePlan(Self.policy, live: estateLive(replacementLink: false))
        #expect(plan.actions.first?.target == .card(id: 15))
        // Two candidates: no guess, the entry is a conflict as before.
        var live = estateLive(replacementLink: false)
        var twin = live.cards[5]
        twin.id = 18
        twin.lastFourDigits = ["8888"]
        live.cards.append(twin)
        let ambiguous = try makePlan(Self.policy, live: live)
        #expect(ambiguous.actions.isEmpty)
        #expect(ambiguous.conflicts.first?.message.contains("match the replacement card or remove the entry") == true)
    }

    @Test func aChainOfReplacementsIsFollowedToItsEnd() throws {
        var live = estateLive()
        live.cards[5].subStatus = "REPLACED"
        live.cards[5].replacedById = 19
        var third = live.cards[5]
        third.id = 19
        third.subStatus = nil
        third.replacedById = nil
        third.lastFourDigits = ["9999"]
        live.cards.append(third)
        let plan = try makePlan(Self.policy, live: live)
        #expect(plan.actions.first?.target == .card(id: 19))
        #expect(plan.notes.contains { $0.contains("…4444 was replaced by …9999") })
    }

    @Test func aSuccessorThatCannotChangeIsAConflict() throws {
        var live = estateLive()
        live.cards[5].status = .lost
        let plan = try makePlan(Self.policy, live: live)
        #expect(plan.actions.isEmpty)
        #expect(plan.conflicts.count == 1)
    }

    @Test func theLedgerForgetsTheReplacedCard() {
        var ledger = Ledger()
        ledger.record(LedgerEntry(cardId: 14, countryExpiry: ["US": "2026-12-31 23:59:59.000000"]), at: fixedNow)
        ledger.record(LedgerEntry(cardId: 15, countryExpiry: ["US": "2027-01-31 23:59:59.000000"], replacedCardIds: [14]), at: fixedNow)
        #expect(ledger.countryExpiry(cardId: 14) == nil)
        #expect(ledger.countryExpiry(cardId: 15) == ["US": "2027-01-31 23:59:59.000000"])
    }

    @Test func exportWritesTheSuccessorAndNamesItForTheOldCard() {
        let yaml = PolicyExport.files(estateLive(), ledger: Ledger()).first { $0.path == "cards.yaml" }?.contents ?? ""
        #expect(yaml.contains("match: {id: 15}"))
        #expect(!yaml.contains("match: {id: 14}"))
        #expect(yaml.contains(#"#   14 …4444 "Carol": it was replaced by …5555 (id 15)"#))
        // Another company user's card is exported by id, which is what manages it.
        #expect(yaml.contains("match: {id: 16}"))
        #expect(yaml.contains("MAESTRO, held by user 7"))
    }
}
