import BunqEmulator
import Foundation
import Testing

/// `account` and `numbers` through the real executable against the emulator: validate,
/// plan, apply, drift and export of the demo's virtual card and its two numbers.
@Suite("account and numbers")
struct AccountAndNumbersCommandTests {
    static let virtualShopping = 2_079_060
    static let groceries = 2_079_050
    static let buffer = 2_078_790

    static let policy = """
        version: 1
        cards:
          - name: shopping
            match: {id: 2079060}
            account: {description: Buffer}
            numbers:
              - {last4: "5120", description: "AWS prod"}
          - name: groceries
            match: {last4: "4417"}
            account: {secondary: 2078790}

        """

    @Test("validate, plan, apply, then no drift; export plans clean; bunq holds the complete lists")
    func roundTrip() async throws {
        let workspace = try Workspace(state: .demo())
        try workspace.write(Self.policy, to: "policy/cards.yaml")
        let validate = try await workspace.run(["validate", "policy"])
        #expect(validate.exitCode == 0, "\(validate)")

        let plan = try await workspace.run(["plan"] + workspace.connection + ["policy"])
        #expect(plan.exitCode == 0, "\(plan)")
        #expect(plan.stdoutLines.contains("~ card shopping (…7713 \"Virtual Shopping\")"), "\(plan)")
        #expect(plan.stdoutLines.contains("    ~ account: 2078781 \"Main\" → 2078790 \"Buffer\""), "\(plan)")
        #expect(plan.stdoutLines.contains("    ~ numbers …5120 description: \"AWS\" → \"AWS prod\""), "\(plan)")
        #expect(plan.stdoutLines.contains("    + account.secondary: 2078790 \"Buffer\""), "\(plan)")
        #expect(plan.stdoutLines.last == "Plan: 2 actions, changing 2 cards: 0 to add, 2 to change, 0 to remove, 2 unmanaged cards.", "\(plan)")

        let apply = try await workspace.run(["apply", "--auto-approve", "--rate-limits", "off"] + workspace.connection + ["policy"])
        #expect(apply.exitCode == 0, "\(apply)")
        let state = try workspace.state()
        let shopping = try #require(state.cards.first { $0.id == Self.virtualShopping })
        #expect(shopping.pinCodeAssignment.map(\.monetaryAccountId) == [Self.buffer])
        #expect(shopping.primaryAccountNumbers.map(\.description) == ["Virtual Shopping", "AWS prod"])
        #expect(shopping.monetaryAccountIdFallback == Self.buffer, "the fallback must survive the PUT")
        let groceries = try #require(state.cards.first { $0.id == Self.groceries })
        #expect(groceries.pinCodeAssignment.map(\.type) == ["PRIMARY", "SECONDARY"])
        #expect(groceries.pinCodeAssignment.map(\.monetaryAccountId) == [2_078_781, Self.buffer])

        let drift = try await workspace.run(["drift"] + workspace.connection + ["policy"])
        #expect(drift.exitCode == 0, "\(drift)")
        #expect(drift.stdoutLines.first == "No drift. bunq matches the policy.", "\(drift)")

        let export = try await workspace.run(["export", "--out", "exported"] + workspace.connection)
        #expect(export.exitCode == 0, "\(export)")
        let cards = try String(contentsOfFile: workspace.path("exported/cards.yaml"), encoding: .utf8)
        #expect(cards.contains("    account: 2078790\n"), "\(cards)")
        #expect(cards.contains("    account: {primary: 2078781, secondary: 2078790}\n"), "\(cards)")
        #expect(
            cards.contains(
                "    numbers:\n      - {last4: \"7713\", description: \"Virtual Shopping\", status: ACTIVE}\n      - {last4: \"5120\", description: \"AWS prod\", status: ACTIVE}\n"
            ), "\(cards)")
        let clean = try await workspace.run(["plan", "--detailed-exitcode"] + workspace.connection + ["exported"])
        #expect(clean.exitCode == 0, "\(clean)")

        // Someone renames the number in the app: drift names it by its last four digits.
        try workspace.changeState { state in
            let card = try #require(state.cards.firstIndex { $0.id == Self.virtualShopping })
            state.cards[card].primaryAccountNumbers[1].description = "AWS test"
        }
        let drifted = try await workspace.run(["drift"] + workspace.connection + ["policy"])
        #expect(drifted.exitCode == 2, "\(drifted)")
        #expect(drifted.stdoutLines.contains("    ~ numbers …5120 description: \"AWS test\" → \"AWS prod\""), "\(drifted)")
    }

    @Test("cancelling a number needs --allow-irreversible; a complete list deactivates the rest")
    func irreversibleAndComplete() async throws {
        let workspace = try Workspace(state: .demo())
        try workspace.write(
            """
            version: 1
            cards:
              - name: shopping
                match: {id: 2079060}
                numbers: {complete: true, list: [{last4: "5120", status: CANCELLED}]}

            """, to: "policy/cards.yaml")
        let blocked = try await workspace.run(["apply", "--auto-approve", "--rate-limits", "off"] + workspace.connection + ["policy"])
        #expect(blocked.exitCode == 3, "\(blocked)")
        #expect(blocked.stdout.contains("~ numbers …5120 status: ACTIVE → CANCELLED  (irreversible)"), "\(blocked)")
        #expect(blocked.stdout.contains("~ numbers …7713 status: ACTIVE → DEACTIVATED"), "\(blocked)")
        #expect(try workspace.state().cards.first { $0.id == Self.virtualShopping }?.primaryAccountNumbers.map(\.status) == ["ACTIVE", "ACTIVE"])

        let apply = try await workspace.run(
            ["apply", "--auto-approve", "--allow-irreversible", "--rate-limits", "off"] + workspace.connection + ["policy"])
        #expect(apply.exitCode == 0, "\(apply)")
        #expect(
            try workspace.state().cards.first { $0.id == Self.virtualShopping }?.primaryAccountNumbers.map(\.status) == ["DEACTIVATED", "CANCELLED"])

        // The cancelled number cannot come back: a conflict, and nothing is sent.
        try workspace.write(
            "version: 1\ncards:\n  - {name: shopping, match: {id: 2079060}, numbers: [{last4: \"5120\", status: ACTIVE}]}\n", to: "policy/cards.yaml")
        let revive = try await workspace.run(["plan"] + workspace.connection + ["policy"])
        #expect(revive.exitCode == 3, "\(revive)")
        #expect(revive.stdout.contains("numbers …5120: the number is CANCELLED, which is permanent; it cannot change"), "\(revive)")
    }

    @Test("a last4 the card does not have and an account that does not exist are errors at their lines")
    func planErrors() async throws {
        let workspace = try Workspace(state: .demo())
        try workspace.write(
            """
            version: 1
            cards:
              - name: shopping
                match: {id: 2079060}
                account: 4242
                numbers: [{last4: "0000"}]

            """, to: "policy/cards.yaml")
        let plan = try await workspace.run(["plan"] + workspace.connection + ["policy"])
        #expect(plan.exitCode == 1, "\(plan)")
        #expect(
            plan.stderr.contains("policy/cards.yaml:5:14: error: card shopping (…7713 \"Virtual Shopping\"): account: no monetary account has id 4242"),
            "\(plan)")
        #expect(
            plan.stderr.contains(
                "policy/cards.yaml:6:15: error: card shopping (…7713 \"Virtual Shopping\"): numbers: the card has no number …0000; its numbers are …7713, …5120"
            ), "\(plan)")
    }
}
