import Foundation
import PolicyModel
import Testing

@testable import Reconciler

@Suite("action verification")
struct ActionVerificationTests {
    @Test func aPutWithoutTheFallbackIsDoneOnlyOnceBunqHasRemovedIt() throws {
        let plan = try makePlan("cards:\n  - {name: alice, match: {id: 10}, fallback_account: none}\n")
        let action = try #require(plan.actions.first)
        var live = sampleLive()
        #expect(ActionVerification.mismatches(action, in: live) == ["fallback_account"])
        live.cards[0].fallbackAccountId = nil
        #expect(ActionVerification.mismatches(action, in: live).isEmpty)
    }

    @Test func aLimitChangeOnACardWithoutFallbackExpectsItStillWithout() throws {
        let plan = try makePlan("cards:\n  - {name: bob, match: {id: 11}, limits: {atm: 0 EUR}}\n")
        let action = try #require(plan.actions.first)
        var live = sampleLive()
        live.cards[1].atmLimit = eur("0")
        #expect(ActionVerification.mismatches(action, in: live).isEmpty)
        live.cards[1].fallbackAccountId = 101
        #expect(ActionVerification.mismatches(action, in: live) == ["fallback_account"])
    }

    @Test func aPutNamingTheFallbackExpectsThatAccount() throws {
        let plan = try makePlan("cards:\n  - {name: alice, match: {id: 10}, limits: {atm: 0 EUR}}\n")
        let action = try #require(plan.actions.first)
        var live = sampleLive()
        live.cards[0].atmLimit = eur("0")
        #expect(ActionVerification.mismatches(action, in: live).isEmpty)
        live.cards[0].fallbackAccountId = nil
        #expect(ActionVerification.mismatches(action, in: live) == ["fallback_account"])
    }
}
