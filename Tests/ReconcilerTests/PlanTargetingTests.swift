import Foundation
import PolicyModel
import Testing

@testable import Reconciler

/// `--target`/`--exclude` pick from the whole diff: the merge is the policy's, conflicts of
/// cards left out do not block, and the plan id covers the partial mark.
@Suite("plan targeting")
struct PlanTargetingTests {
    static let policy = """
        unmanaged: ignore
        card_groups:
          - {name: maestros, match: {type: MAESTRO}, limits: {atm: 0 EUR}}
        cards:
          - {name: alice, match: {last4: "8069"}, limits: {atm: 20 EUR}}
          - {name: bob, match: {last4: "1111"}, limits: {atm: 30 EUR}}
          - {name: old, match: {last4: "3333"}, status: ACTIVE}

        """

    static func plan(_ filter: ActionFilter) throws -> Plan {
        try Planner.plan(policy: try loadPolicy(policy), live: sampleLive(), ledger: Ledger(), now: fixedNow, cardpolicyVersion: "t", filter: filter)
    }

    @Test func aGroupTargetKeepsItsCardsWithTheEntryOverridingTheGroup() throws {
        let plan = try Self.plan(ActionFilter(targets: ["maestros"]))
        #expect(plan.actions.map(\.id) == ["card/bob"])
        #expect(plan.actions.first?.changes.first { $0.field == "limits.atm" }?.after == "30.00 EUR")
        #expect(plan.targeting == PlanTargeting(targets: ["maestros"], excludes: [], actionsLeftOut: 1))
        // The cancelled card's conflict belongs to `old`, which is not targeted.
        #expect(plan.conflicts.isEmpty)
        #expect(plan.idMatchesActions)
    }

    @Test func theWholePlanKeepsItsConflictsAndAnExcludeWins() throws {
        let whole = try Self.plan(ActionFilter())
        #expect(whole.conflicts.count == 1 && whole.targeting == nil)
        let excluded = try Self.plan(ActionFilter(targets: ["alice", "bob"], excludes: ["maestros"]))
        #expect(excluded.actions.map(\.id) == ["card/alice"])
        #expect(excluded.conflicts.isEmpty)
        let old = try Self.plan(ActionFilter(targets: ["old"]))
        #expect(old.actions.isEmpty && old.conflicts.count == 1)
    }

    @Test func thePartialMarkIsPartOfThePlanId() throws {
        var plan = try Self.plan(ActionFilter(targets: ["alice"]))
        #expect(plan.idMatchesActions)
        plan.targeting = nil
        #expect(!plan.idMatchesActions)
    }

    @Test func anUnknownNameIsRefusedWithTheNamesThatExist() throws {
        #expect(throws: UnknownTargetName.self) { try Self.plan(ActionFilter(excludes: ["bobb"])) }
        do {
            _ = try Self.plan(ActionFilter(targets: ["alise"]))
        } catch let unknown as UnknownTargetName {
            #expect(unknown.description.contains("--target alise: no card entry"))
            #expect(unknown.description.contains("(did you mean 'alice'?)"))
            #expect(unknown.description.contains("alice, bob, card/alice, card/bob, maestros, old"))
        }
    }

    @Test func aSavedPlanKnowsItsEntriesButNotItsGroups() throws {
        let whole = try Self.plan(ActionFilter())
        #expect(try ActionFilter(targets: ["bob"]).select(savedPlan: whole).map(\.id) == ["card/bob"])
        #expect(try ActionFilter(excludes: ["card/bob"]).select(savedPlan: whole).map(\.id) == ["card/alice"])
        #expect(throws: UnknownTargetName.self) { try ActionFilter(targets: ["maestros"]).select(savedPlan: whole) }
    }
}
