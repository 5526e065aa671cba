import BunqEmulator
import Foundation
import Testing

/// `rules:` end to end: the real executable against the emulator's demo state.
@Suite("rules")
struct RuleCommandTests {
    static let rules = """
        version: 1
        rules:
          - name: max-card-limit
            max_limits: {purchase: 5000 EUR, atm: 500 EUR}
            countries: {deny: [RU, KP]}
          - name: groceries-protected
            match: {second_line: "Groceries"}
            protect: true
          - name: no-cash-on-virtual
            match: {second_line: "Virtual*"}
            max_limits: {atm: 0 EUR}
        """

    static let groceries = """
        version: 1
        cards:
          - name: groceries
            match: {last4: "4417"}
            limits: {purchase: 450 EUR}
        """

    @Test("validate: a limit above a rule for every card is an error at its line, naming the rule's file and line")
    func validate() async throws {
        let workspace = try Workspace()
        try workspace.write(Self.rules, to: "policies/rules.yaml")
        try workspace.write(Self.groceries.replacingOccurrences(of: "450 EUR", with: "8000 EUR"), to: "policies/teams/groceries.yaml")
        let result = try await workspace.run(["validate", workspace.path("policies")])
        #expect(result.exitCode == 1, "\(result)")
        let rules = workspace.path("policies/rules.yaml")
        #expect(
            result.stdoutLines.first
                == "\(workspace.path("policies/teams/groceries.yaml")):5:24: error: purchase limit 8000.00 EUR breaks rule max-card-limit (\(rules):3:5): at most 5000.00 EUR",
            "\(result)")
    }

    @Test("plan: a group's value that breaks a rule matching live cards is an error at the group; nothing is planned")
    func planError() async throws {
        let workspace = try Workspace(state: .demo())
        try workspace.write(Self.rules, to: "policies/rules.yaml")
        try workspace.write(
            "version: 1\ncard_groups:\n  - name: mastercards\n    match: {type: MASTERCARD}\n    limits: {atm: 50 EUR}\n", to: "policies/groups.yaml")
        let result = try await workspace.run(["plan", workspace.path("policies")] + workspace.connection)
        #expect(result.exitCode == 1, "\(result)")
        #expect(
            result.stderr.contains(
                "\(workspace.path("policies/groups.yaml")):5:19: error: ATM limit 50.00 EUR breaks rule no-cash-on-virtual (\(workspace.path("policies/rules.yaml")):9:5): at most 0.00 EUR"
            ), "\(result)")
        #expect(!result.stdout.contains("will make these changes"), "\(result)")
    }

    @Test("apply: a change to a protected card is blocked (exit 3, nothing written) until --allow-protected")
    func protectedApply() async throws {
        let workspace = try Workspace(state: .demo())
        try workspace.write(Self.rules, to: "policies/rules.yaml")
        try workspace.write(Self.groceries, to: "policies/teams/groceries.yaml")
        let before = try workspace.state().cards.first { $0.id == 2_079_050 }?.cardLimit?.value
        let blocked = try await workspace.run(["apply", "--auto-approve", workspace.path("policies")] + workspace.connection)
        #expect(blocked.exitCode == 3, "\(blocked)")
        #expect(blocked.stdout.contains("~ card groceries (…4417 \"Groceries\")  PROTECTED by rule groceries-protected"), "\(blocked)")
        #expect(
            blocked.stderr.contains(
                "1 change to cards protected by rule groceries-protected (card groceries (…4417 \"Groceries\")): pass --allow-protected to make it"),
            "\(blocked)")
        #expect(try workspace.state().cards.first { $0.id == 2_079_050 }?.cardLimit?.value == before)

        let plan = try await workspace.run(["plan", "--format", "json", workspace.path("policies")] + workspace.connection)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any], "\(plan)")
        let action = try #require((document["actions"] as? [[String: Any]])?.first)
        #expect(action["protected_by"] as? [String] == ["groceries-protected"])
        #expect(action["rules"] as? [String] == ["max-card-limit", "groceries-protected"])
        let checked = try #require(document["rules"] as? [[String: Any]])
        #expect(checked.map { $0["name"] as? String } == ["max-card-limit", "groceries-protected", "no-cash-on-virtual"])
        #expect(checked.map { $0["cards"] as? Int } == [4, 1, 1])

        let allowed = try await workspace.run(["apply", "--auto-approve", "--allow-protected", workspace.path("policies")] + workspace.connection)
        #expect(allowed.exitCode == 0, "\(allowed)")
        #expect(try workspace.state().cards.first { $0.id == 2_079_050 }?.cardLimit?.value == "450.00")
    }

    @Test("drift: a card the policy does not cover, raised in the app above a rule, is drift (exit 2) in text, JSON and Markdown")
    func liveBreak() async throws {
        let workspace = try Workspace(state: .demo())
        try workspace.write(Self.rules, to: "policies/rules.yaml")
        try workspace.write(Self.groceries, to: "policies/teams/groceries.yaml")
        let applied = try await workspace.run(["apply", "--auto-approve", "--allow-protected", workspace.path("policies")] + workspace.connection)
        #expect(applied.exitCode == 0, "\(applied)")
        let clean = try await workspace.run(["drift", workspace.path("policies")] + workspace.connection)
        #expect(clean.exitCode == 0, "\(clean)")

        try workspace.changeState { state in
            let index = try #require(state.cards.firstIndex { $0.id == 2_079_040 })
            state.cards[index].cardLimit = StoredAmount(value: "9000.00")
        }
        let text = try await workspace.run(["drift", workspace.path("policies")] + workspace.connection)
        #expect(text.exitCode == 2, "\(text)")
        #expect(text.stdoutLines.first == "Drift: bunq matches the policy, but holds values that break a rule.", "\(text)")
        let rules = workspace.path("policies/rules.yaml")
        #expect(
            text.stdoutLines.contains(
                "  ! card …8069 \"Alice Travel\" (not in the policy): purchase limit 9000.00 EUR breaks rule max-card-limit (\(rules):3:5): at most 5000.00 EUR"
            ), "\(text)")

        let json = try await workspace.run(["drift", "--format", "json", workspace.path("policies")] + workspace.connection)
        #expect(json.exitCode == 2, "\(json)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json)")
        let violations = try #require(document["rule_violations"] as? [[String: Any]])
        #expect(violations.map { $0["card_id"] as? Int } == [2_079_040])
        #expect(violations.first?["field"] as? String == "limits.purchase" && violations.first?["managed"] as? Bool == false)

        let markdown = try await workspace.run(["drift", "--format", "markdown", workspace.path("policies")] + workspace.connection)
        #expect(markdown.exitCode == 2, "\(markdown)")
        #expect(markdown.stdout.contains("**1 live value breaks a rule**"), "\(markdown)")
    }
}
