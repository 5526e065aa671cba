import Foundation
import PolicyModel
import Testing

@testable import Reconciler

/// `account` (pin_code_assignment) and `numbers` (primary_account_numbers).
@Suite("account and numbers diff")
struct AccountAndNumberDiffTests {
    /// The sample state with alice's card routed PRIMARY to Main and SECONDARY to Card, and
    /// the virtual card holding three numbers, one of them cancelled.
    static func live() -> LiveState {
        var live = sampleLive()
        live.accounts.append(LiveAccount(id: 103, description: "Closed", iban: nil, status: "CANCELLED"))
        live.cards[0].pinAssignments = [
            LivePinAssignment(type: "PRIMARY", routingType: "MANUAL", accountId: 100),
            LivePinAssignment(type: "SECONDARY", routingType: "AUTOMATIC", accountId: 102)
        ]
        live.cards[2].lastFourDigits = ["2222", "5120", "9090"]
        live.cards[2].numbers = [
            LiveCardNumber(id: 120, last4: "2222", description: "Virtual Ads", status: "ACTIVE", accountId: 100, type: "VIRTUAL"),
            LiveCardNumber(id: 121, last4: "5120", description: "AWS", status: "ACTIVE", type: "VIRTUAL"),
            LiveCardNumber(id: 122, last4: "9090", description: "Old shop", status: "CANCELLED", type: "VIRTUAL")
        ]
        return live
    }

    static func plan(_ yaml: String, live: LiveState = live()) throws -> Plan { try makePlan(yaml, live: live) }

    // MARK: - account

    @Test func aChangedPrimarySendsTheWholeListKeepingTheOtherAssignmentsAndTheFallback() throws {
        let plan = try Self.plan("cards:\n  - {name: alice, match: {id: 10}, account: {description: Buffer}}\n")
        let action = try #require(plan.actions.first)
        #expect(
            action.changes == [
                FieldChange(
                    field: "account", before: "100 \"Main\"", after: "101 \"Buffer\"",
                    beforeValue: .object(["id": .int(100), "iban": .string("NL91ABNA0417164300"), "description": .string("Main")]),
                    afterValue: .object(["id": .int(101), "iban": .string("NL02BUNQ2025000101"), "description": .string("Buffer")]))
            ])
        #expect(
            action.request.body
                == #"{"monetary_account_id_fallback":101,"pin_code_assignment":[{"monetary_account_id":101,"routing_type":"MANUAL","type":"PRIMARY"},{"monetary_account_id":102,"routing_type":"AUTOMATIC","type":"SECONDARY"}]}"#
        )
        #expect(action.sources.map(\.line) == [3])
    }

    @Test func aMissingTypeIsAddedAndAnUnchangedAccountSendsNothing() throws {
        let added = try Self.plan("cards:\n  - {name: alice, match: {id: 10}, account: {primary: 100, tertiary: 101}}\n")
        let action = try #require(added.actions.first)
        #expect(
            action.changes == [
                FieldChange(
                    field: "account.tertiary", before: nil, after: "101 \"Buffer\"",
                    afterValue: .object(["id": .int(101), "iban": .string("NL02BUNQ2025000101"), "description": .string("Buffer")]))
            ])
        let assignments = try #require(try body(action)["pin_code_assignment"] as? [[String: Any]])
        #expect(assignments.map { $0["type"] as? String } == ["PRIMARY", "SECONDARY", "TERTIARY"])
        #expect(assignments[2]["monetary_account_id"] as? Int == 101 && assignments[2]["routing_type"] == nil)
        #expect(assignments.allSatisfy { $0["status"] == nil })
        // Routing may reprint a card: the same accounts, however named, are no PUT at all.
        let same = try Self.plan("cards:\n  - {name: alice, match: {id: 10}, account: {primary: {iban: \"NL91ABNA0417164300\"}, secondary: 102}}\n")
        #expect(same.actions.isEmpty)
        // Another field's PUT leaves pin_code_assignment out.
        let limit = try Self.plan("cards:\n  - {name: alice, match: {id: 10}, account: 100, limits: {atm: 0 EUR}}\n")
        #expect(try body(limit.actions.first)["pin_code_assignment"] == nil)
    }

    @Test func anAccountThatDoesNotExistOrIsNotActiveIsAPlanError() throws {
        #expect(
            try planningErrors("cards:\n  - {name: a, match: {id: 10}, account: 999}\n", live: Self.live())
                == [
                    "p.yaml:3:41: error: card a (…8069 \"Alice Travel\"): account: no monetary account has id 999; the accounts are 100 \"Main\" (NL91ABNA0417164300), 101 \"Buffer\" (NL02BUNQ2025000101), 102 \"Card\", 103 \"Closed\""
                ])
        #expect(
            try planningErrors("cards:\n  - {name: a, match: {id: 10}, account: {secondary: {description: Closed}}}\n", live: Self.live())
                == ["p.yaml:3:41: error: card a (…8069 \"Alice Travel\"): account.secondary: monetary account 103 \"Closed\" is CANCELLED, not ACTIVE"])
    }

    @Test func twoGroupsSettingDifferentAccountsDisagreeAndTheSameAccountAgrees() throws {
        let groups = """
            card_groups:
              - {name: one, match: {last4: "8069"}, account: 100}
              - {name: two, match: {second_line: "Alice*"}, account: %@}

            """
        let errors = try planningErrors(groups.replacingOccurrences(of: "%@", with: "101"), live: Self.live())
        #expect(errors.count == 1 && errors[0].contains("group two sets account of card …8069 \"Alice Travel\" to a different value than group one"))
        #expect(try Self.plan(groups.replacingOccurrences(of: "%@", with: "100")).actions.isEmpty)
    }

    @Test func groupsMatchAccountsByReference() throws {
        let plan = try Self.plan("card_groups:\n  - {name: main, match: {account: {description: Main}}, limits: {atm: 0 EUR}}\n")
        #expect(plan.actions.map(\.target) == [.card(id: 10), .card(id: 11), .card(id: 12)])
        #expect(
            try planningErrors("card_groups:\n  - {name: g, match: {account: {description: Nope}}, limits: {atm: 0 EUR}}\n", live: Self.live())
                == [
                    "p.yaml:3:32: error: card group g: match account: no monetary account described \"Nope\"; the accounts are 100 \"Main\" (NL91ABNA0417164300), 101 \"Buffer\" (NL02BUNQ2025000101), 102 \"Card\", 103 \"Closed\""
                ])
    }

    @Test func accountIsVerifiedDigestedAndExported() throws {
        let plan = try Self.plan("cards:\n  - {name: alice, match: {id: 10}, account: 101}\n")
        let action = try #require(plan.actions.first)
        var live = Self.live()
        #expect(ActionVerification.mismatches(action, in: live) == ["account"])
        let before = CardDiff.liveDigest(live.cards[0])
        live.cards[0].pinAssignments[0].accountId = 101
        #expect(CardDiff.liveDigest(live.cards[0]) != before)
        #expect(ActionVerification.mismatches(action, in: live).isEmpty)
        let exported = PolicyExport.cards(live, ledger: Ledger())
        #expect(exported.contains("    account: {primary: 101, secondary: 102}\n"))
        live.cards[0].pinAssignments.removeLast()
        #expect(PolicyExport.cards(live, ledger: Ledger()).contains("    account: 101\n"))
    }

    // MARK: - numbers

    @Test func aChangedNumberSendsEveryNumberWithItsIdAndState() throws {
        let plan = try Self.plan("cards:\n  - name: ads\n    match: {id: 12}\n    numbers: [{last4: \"5120\", description: \"AWS prod\"}]\n")
        let action = try #require(plan.actions.first)
        #expect(
            action.changes == [
                FieldChange(
                    field: "numbers …5120 description", before: "\"AWS\"", after: "\"AWS prod\"",
                    beforeValue: .object(["last4": .string("5120"), "description": .string("AWS")]),
                    afterValue: .object(["last4": .string("5120"), "description": .string("AWS prod")]))
            ])
        #expect(action.irreversible == false)
        #expect(
            action.request.body
                == #"{"primary_account_numbers":[{"description":"Virtual Ads","id":120,"monetary_account_id":100,"status":"ACTIVE"},{"description":"AWS prod","id":121,"status":"ACTIVE"},{"description":"Old shop","id":122,"status":"CANCELLED"}]}"#
        )
        #expect(action.sources.map(\.line) == [5])
        #expect(try Self.plan("cards:\n  - {name: ads, match: {id: 12}, numbers: [{last4: \"5120\", description: AWS, status: ACTIVE}]}\n").actions.isEmpty)
    }

    @Test func aNumbersAccountResolvesAndShowsByName() throws {
        let plan = try Self.plan("cards:\n  - {name: ads, match: {id: 12}, numbers: [{last4: \"5120\", account: {description: Buffer}}]}\n")
        let action = try #require(plan.actions.first)
        #expect(
            action.changes == [
                FieldChange(
                    field: "numbers …5120 account", before: "none", after: "101 \"Buffer\"",
                    afterValue: .object(["id": .int(101), "iban": .string("NL02BUNQ2025000101"), "description": .string("Buffer")]))
            ])
        let numbers = try #require(try body(action)["primary_account_numbers"] as? [[String: Any]])
        #expect(numbers[1]["monetary_account_id"] as? Int == 101)
    }

    @Test func cancellingANumberIsIrreversibleAndACancelledOneCannotComeBack() throws {
        let cancel = try Self.plan("cards:\n  - {name: ads, match: {id: 12}, numbers: [{last4: \"5120\", status: CANCELLED}]}\n")
        let action = try #require(cancel.actions.first)
        #expect(action.irreversible)
        #expect(
            action.changes == [
                FieldChange(
                    field: "numbers …5120 status", before: "ACTIVE", after: "CANCELLED", irreversible: true,
                    beforeValue: .object(["last4": .string("5120"), "status": .string("ACTIVE")]),
                    afterValue: .object(["last4": .string("5120"), "status": .string("CANCELLED")]))
            ])
        #expect(cancel.summary.irreversible == 1)
        #expect(ApplyGuards().blockers(plan: cancel, pending: cancel.actions).first?.contains("--allow-irreversible") == true)

        let revive = try Self.plan("cards:\n  - {name: ads, match: {id: 12}, numbers: [{last4: \"9090\", status: ACTIVE}]}\n")
        #expect(revive.actions.isEmpty)
        #expect(revive.conflicts.map(\.message) == ["numbers …9090: the number is CANCELLED, which is permanent; it cannot change"])
        let renamed = try Self.plan("cards:\n  - {name: ads, match: {id: 12}, numbers: [{last4: \"9090\", description: New}]}\n")
        #expect(renamed.actions.isEmpty && renamed.conflicts.count == 1)
        let same = try Self.plan("cards:\n  - {name: ads, match: {id: 12}, numbers: [{last4: \"9090\", status: CANCELLED}]}\n")
        #expect(same.actions.isEmpty && same.conflicts.isEmpty)
    }

    @Test func aCompleteListDeactivatesUndeclaredNumbersAndNeverCancelsThem() throws {
        let plan = try Self.plan("cards:\n  - {name: ads, match: {id: 12}, numbers: {complete: true, list: [{last4: \"2222\"}]}}\n")
        let action = try #require(plan.actions.first)
        #expect(
            action.changes == [
                FieldChange(
                    field: "numbers …5120 status", before: "ACTIVE", after: "DEACTIVATED", note: "not declared in a complete `numbers` list",
                    beforeValue: .object(["last4": .string("5120"), "status": .string("ACTIVE")]),
                    afterValue: .object(["last4": .string("5120"), "status": .string("DEACTIVATED")]))
            ])
        #expect(!action.irreversible)
        let numbers = try #require(try body(action)["primary_account_numbers"] as? [[String: Any]])
        #expect(numbers.map { $0["status"] as? String } == ["ACTIVE", "DEACTIVATED", "CANCELLED"])
        // Without `complete`, undeclared numbers are left alone.
        #expect(try Self.plan("cards:\n  - {name: ads, match: {id: 12}, numbers: [{last4: \"2222\"}]}\n").actions.isEmpty)
    }

    @Test func aLast4TheCardDoesNotHaveIsAPlanErrorNamingItsNumbers() throws {
        #expect(
            try planningErrors("cards:\n  - {name: ads, match: {id: 12}, numbers: [{last4: \"4444\"}]}\n", live: Self.live())
                == ["p.yaml:3:44: error: card ads (…2222 \"Virtual Ads\"): numbers: the card has no number …4444; its numbers are …2222, …5120, …9090"])
    }

    @Test func numbersAreVerifiedDigestedAndExportedForARoundTrip() throws {
        let plan = try Self.plan(
            "cards:\n  - {name: ads, match: {id: 12}, numbers: [{last4: \"5120\", description: \"AWS \\\"prod\\\"\", status: DEACTIVATED}]}\n")
        let action = try #require(plan.actions.first)
        var live = Self.live()
        live.cards[1].numbers = [LiveCardNumber(id: 110, last4: "1111", description: "Bob Daily", status: "ACTIVE")]
        #expect(ActionVerification.mismatches(action, in: live) == ["numbers"])
        let before = CardDiff.liveDigest(live.cards[2])
        live.cards[2].numbers[1].description = "AWS \"prod\""
        live.cards[2].numbers[1].status = "DEACTIVATED"
        #expect(CardDiff.liveDigest(live.cards[2]) != before)
        #expect(ActionVerification.mismatches(action, in: live).isEmpty)
        let exported = PolicyExport.cards(live, ledger: Ledger())
        #expect(
            exported.contains(
                """
                    numbers:
                      - {last4: "2222", description: "Virtual Ads", status: ACTIVE, account: 100}
                      - {last4: "5120", description: "AWS \\"prod\\"", status: DEACTIVATED}
                      - {last4: "9090", description: "Old shop", status: CANCELLED}

                """), "\(exported)")
        // A single number named like its card says nothing the card does not: not exported.
        #expect(exported.components(separatedBy: "    numbers:").count == 2)
        #expect(try makePlan(exported.replacingOccurrences(of: "version: 1\n", with: ""), live: live).actions.isEmpty)
    }
}
