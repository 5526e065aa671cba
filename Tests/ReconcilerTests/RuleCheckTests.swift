import Foundation
import PolicyModel
import Testing

@testable import Reconciler

/// Rules against live cards: what a card's merged settings break is a planning error at the
/// line that sets it; what a live card holds that the plan leaves alone is reported.
@Suite("rules checked in the plan")
struct RuleCheckTests {
    @Test func aGroupValueThatBreaksAMatchedRuleIsOneErrorAtTheGroup() throws {
        let errors = try planningErrors(
            """
            rules:
              - name: no-cash-on-maestro
                match: {type: MAESTRO}
                max_limits: {atm: 0 EUR}
            card_groups:
              - name: everyone
                match: {status: ACTIVE}
                limits: {atm: 50 EUR}
            """)
        #expect(errors == ["p.yaml:9:19: error: ATM limit 50.00 EUR breaks rule no-cash-on-maestro (p.yaml:3:5): at most 0.00 EUR"])
    }

    @Test func anEntryOverridingAGroupIsCheckedWithWhatItSets() throws {
        // The group's 50 EUR would break the rule, but the entry sets the card's own limit.
        let plan = try makePlan(
            """
            rules:
              - name: no-cash-on-maestro
                match: {type: MAESTRO}
                max_limits: {atm: 0 EUR}
            card_groups:
              - name: virtual-cash
                match: {second_line: "Virtual*"}
                limits: {atm: 50 EUR}
            cards:
              - name: bob
                match: {last4: "1111"}
                limits: {atm: 0 EUR}
            """)
        let bob = try #require(plan.actions.first { $0.id == "card/bob" })
        #expect(bob.rules == ["no-cash-on-maestro"])
        #expect(plan.rules == [CheckedRule(name: "no-cash-on-maestro", source: SourceLocation(file: "p.yaml", line: 3, column: 5), cards: 1)])
        #expect(plan.ruleViolations.isEmpty)
        let errors = try planningErrors(
            """
            rules:
              - name: no-cash-on-maestro
                match: {type: MAESTRO}
                max_limits: {atm: 0 EUR}
            cards:
              - name: bob
                match: {last4: "1111"}
                limits: {atm: 20 EUR}
            """)
        #expect(errors == ["p.yaml:9:19: error: ATM limit 20.00 EUR breaks rule no-cash-on-maestro (p.yaml:3:5): at most 0.00 EUR"])
    }

    @Test func aRuleMatchesTheCardAsThePlanLeavesIt() throws {
        // Renamed into the rule's selector: the rule covers it, and protects the change.
        let plan = try makePlan(
            """
            rules:
              - name: board
                match: {second_line: "Board*"}
                protect: true
            cards:
              - name: alice
                match: {last4: "8069"}
                second_line: "Board Alice"
              - name: bob
                match: {last4: "1111"}
                limits: {purchase: 600 EUR}
            """)
        let alice = try #require(plan.actions.first { $0.id == "card/alice" })
        #expect(alice.protectedBy == ["board"] && alice.isProtected)
        #expect(plan.actions.first { $0.id == "card/bob" }?.protectedBy == nil)
        #expect(plan.protectedActions.map(\.id) == ["card/alice"] && plan.summary.protected == 1)
    }

    @Test func aCardMovedToAnotherAccountIsCoveredByThatAccountsRules() throws {
        // Card 11 pays from Main (100); the entry moves it to Buffer (101), whose rule forbids cash.
        let errors = try planningErrors(
            """
            rules:
              - name: no-cash-from-buffer
                match: {account: {description: "Buffer"}}
                max_limits: {atm: 0 EUR}
            cards:
              - name: bob
                match: {last4: "1111"}
                account: {description: "Buffer"}
                limits: {atm: 20 EUR}
            """)
        #expect(errors == ["p.yaml:10:19: error: ATM limit 20.00 EUR breaks rule no-cash-from-buffer (p.yaml:3:5): at most 0.00 EUR"], "\(errors)")
    }

    @Test func aLiveValueThePolicyLeavesAloneIsReportedNotAnError() throws {
        // Card 10 holds a 1000 EUR limit; the policy sets only its countries.
        let plan = try makePlan(
            """
            rules:
              - name: small-cards
                match: all
                max_limits: {purchase: 800 EUR}
                require: [fallback_account]
            cards:
              - name: alice
                match: {last4: "8069"}
                countries: [NL]
            """)
        let found = plan.ruleViolations.map { "\($0.cardId) \($0.field) managed=\($0.managed): \($0.message)" }
        #expect(
            found == [
                "10 limits.purchase managed=true: purchase limit 1000.00 EUR breaks rule small-cards (p.yaml:3:5): at most 800.00 EUR; set `limits.purchase` for this card in the policy",
                "11 fallback_account managed=false: no fallback account breaks rule small-cards (p.yaml:3:5): it requires `fallback_account`",
                "12 fallback_account managed=false: no fallback account breaks rule small-cards (p.yaml:3:5): it requires `fallback_account`"
            ])
        // The cancelled card is history: no rule counts it.
        #expect(plan.rules.first?.cards == 3)
        #expect(plan.summary.ruleViolations == 3 && plan.isDrift)
    }

    @Test func liveCountryExpiriesComeFromTheLedger() throws {
        var ledger = Ledger()
        ledger.record(LedgerEntry(cardId: 11, countryExpiry: ["NL": "2027-06-30 23:59:59.000000"]), at: fixedNow)
        let plan = try makePlan(
            """
            rules:
              - {name: short-trips, max_until: 30d}
            """, ledger: ledger)
        #expect(
            plan.ruleViolations.map(\.message) == [
                "NL until 2027-06-30 breaks rule short-trips (p.yaml:3:5): a permission may last at most 30 days (until 2026-12-21)"
            ])
    }

    @Test func aRuleMatchingAnAccountThatDoesNotExistIsAnError() throws {
        let errors = try planningErrors(
            """
            rules:
              - name: r
                match: {account: {description: "Nope"}}
                protect: true
            """)
        #expect(errors.count == 1 && errors[0].hasPrefix("p.yaml:4:22: error: rule r: match account: no monetary account"), "\(errors)")
    }

    @Test func aProtectedChangeIsBlockedUntilAllowed() throws {
        let plan = try makePlan(
            """
            rules:
              - {name: board, match: {last4: "8069"}, protect: true}
            cards:
              - name: alice
                match: {last4: "8069"}
                limits: {atm: 0 EUR}
            """)
        let blocked = ApplyGuards().blockers(plan: plan, pending: plan.actions)
        #expect(
            blocked == [
                "1 change to cards protected by rule board (card alice (…8069 \"Alice Travel\")): pass --allow-protected to make it"
            ])
        #expect(ApplyGuards(allowProtected: true).blockers(plan: plan, pending: plan.actions).isEmpty)
    }

    @Test func renderersMarkProtectedChangesAndListTheRulesChecked() throws {
        let plan = try makePlan(
            """
            rules:
              - {name: board, match: {last4: "8069"}, protect: true}
              - {name: small-cards, max_limits: {purchase: 800 EUR}}
            cards:
              - name: alice
                match: {last4: "8069"}
                limits: {purchase: 700 EUR}
            """)
        let text = PlanText.render(plan)
        #expect(text.contains("~ card alice (…8069 \"Alice Travel\")  PROTECTED by rule board\n"), "\(text)")
        #expect(text.contains("Rules checked: board (1 card), small-cards (3 cards).\n"), "\(text)")
        #expect(text.contains(", 1 protected"), "\(text)")
        let markdown = PlanMarkdown.render(plan)
        #expect(markdown.contains("> **1 change to protected cards** (rule `board`); apply needs `--allow-protected`."), "\(markdown)")
        #expect(markdown.contains("| 🔒 protected | card alice (…8069 \"Alice Travel\") | limits.purchase |"), "\(markdown)")
        #expect(markdown.contains("Rules checked: `board` (1 card), `small-cards` (3 cards)."), "\(markdown)")
        // No rules, nothing about them.
        let plain = try makePlan("cards:\n  - {name: alice, match: {last4: \"8069\"}, limits: {purchase: 700 EUR}}\n")
        #expect(!PlanText.render(plain).contains("Rules") && !PlanMarkdown.render(plain).contains("Rules"))
    }

    @Test func thePlanIdCoversTheRules() throws {
        let yaml = """
            cards:
              - name: alice
                match: {last4: "8069"}
                limits: {atm: 0 EUR}
            """
        let plain = try makePlan(yaml)
        let guarded = try makePlan("rules:\n  - {name: board, match: {last4: \"8069\"}, protect: true}\n" + yaml)
        #expect(plain.planId != guarded.planId && guarded.idMatchesActions)
        var edited = guarded
        edited.actions[0].protectedBy = nil
        #expect(!edited.idMatchesActions)
    }
}
