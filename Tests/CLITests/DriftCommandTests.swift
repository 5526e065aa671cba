import BunqEmulator
import Foundation
import Testing

/// `cardpolicy drift`, the scheduled check: a policy exported from bunq, then bunq changed
/// behind its back (the state file edited, as if someone used the bunq app).
@Suite("drift")
struct DriftCommandTests {
    /// Demo state plus a policy exported from it: drift starts at "none".
    static func exportedWorkspace() async throws -> Workspace {
        let workspace = try Workspace(state: .demo())
        let export = try await workspace.run(["export", "--out", "exported"] + workspace.connection)
        #expect(export.exitCode == 0, "\(export)")
        return workspace
    }

    static let aliceTravel = 2079040

    @Test("no drift: exit 0 and 'No drift' in every format")
    func none() async throws {
        let workspace = try await Self.exportedWorkspace()
        let text = try await workspace.run(["drift"] + workspace.connection + ["exported"])
        #expect(text.exitCode == 0, "\(text)")
        #expect(text.stdout == "No drift. bunq matches the policy.\n", "\(text)")

        let json = try await workspace.run(["drift", "--format", "json"] + workspace.connection + ["exported"])
        #expect(json.exitCode == 0, "\(json)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json)")
        #expect(document["format_version"] as? Int == 6)
        #expect((document["actions"] as? [Any])?.isEmpty == true)

        let markdown = try await workspace.run(["drift", "--format", "markdown"] + workspace.connection + ["exported"])
        #expect(markdown.exitCode == 0, "\(markdown)")
        #expect(
            markdown.stdoutLines == ["### cardpolicy drift: 0 to add, 0 to change, 0 to remove", "", "No changes. bunq matches the policy."],
            "\(markdown)")
    }

    @Test("a limit raised in the app: exit 2 naming the card and field, in text, JSON and Markdown")
    func changedLimit() async throws {
        let workspace = try await Self.exportedWorkspace()
        try workspace.changeState { state in
            let index = try #require(state.cards.firstIndex { $0.id == Self.aliceTravel })
            state.cards[index].cardLimit = StoredAmount(value: "3000.00")
        }

        let text = try await workspace.run(["drift"] + workspace.connection + ["exported"])
        #expect(text.exitCode == 2, "\(text)")
        #expect(text.stdoutLines.first?.hasPrefix("Drift: bunq no longer matches the policy") == true, "\(text)")
        #expect(text.stdoutLines.contains("~ card alice-travel (…8069 \"Alice Travel\")"), "\(text)")
        #expect(text.stdoutLines.contains("    ~ limits.purchase: 3000.00 EUR → 1000.00 EUR"), "\(text)")
        #expect(text.stdoutLines.last == "Plan: 1 action, changing 1 card: 0 to add, 1 to change, 0 to remove.", "\(text)")
        // Only the changed field drifts; the rest of the card and the other cards are in sync.
        #expect(!text.stdout.contains("limits.atm") && !text.stdout.contains("Groceries"), "\(text)")

        let json = try await workspace.run(["drift", "--format", "json"] + workspace.connection + ["exported"])
        #expect(json.exitCode == 2, "\(json)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json)")
        let actions = try #require(document["actions"] as? [[String: Any]])
        #expect(actions.map { $0["id"] as? String } == ["card/alice-travel"])
        let change = try #require((actions.first?["changes"] as? [[String: Any]])?.first)
        #expect(change["field"] as? String == "limits.purchase")
        #expect(change["before_text"] as? String == "3000.00 EUR")
        #expect(change["after_text"] as? String == "1000.00 EUR")
        #expect(change["after"] as? [String: String] == ["value": "1000.00", "currency": "EUR"])

        let markdown = try await workspace.run(["drift", "--format", "markdown"] + workspace.connection + ["exported"])
        #expect(markdown.exitCode == 2, "\(markdown)")
        #expect(markdown.stdoutLines.first == "### cardpolicy drift: 0 to add, 1 to change, 0 to remove", "\(markdown)")
        #expect(markdown.stdoutLines.contains("| ✏️ change | card alice-travel (…8069 \"Alice Travel\") | limits.purchase |"), "\(markdown)")
    }

    @Test("a card lost since the export: a conflict, exit 3 from drift and from plan")
    func lostCard() async throws {
        let workspace = try await Self.exportedWorkspace()
        try workspace.changeState { state in
            let index = try #require(state.cards.firstIndex { $0.id == Self.aliceTravel })
            state.cards[index].status = "LOST"
        }

        let text = try await workspace.run(["drift"] + workspace.connection + ["exported"])
        #expect(text.exitCode == 3, "\(text)")
        #expect(text.stdoutLines.first == "Conflicts: bunq cannot follow the policy here, so apply will not start:", "\(text)")
        #expect(
            text.stdout.contains("card alice-travel (…8069 \"Alice Travel\"): status: the card is LOST, which is permanent; it cannot become ACTIVE"),
            "\(text)")
        #expect(text.stdoutLines.last == "Plan: 0 actions: 0 to add, 0 to change, 0 to remove, 1 conflict.", "\(text)")

        let json = try await workspace.run(["drift", "--format", "json"] + workspace.connection + ["exported"])
        #expect(json.exitCode == 3, "\(json)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json)")
        let conflicts = try #require(document["conflicts"] as? [[String: Any]])
        #expect(conflicts.contains { ($0["message"] as? String)?.contains("LOST") == true }, "\(json)")
        #expect((document["actions"] as? [Any])?.isEmpty == true, "nothing may be written to a lost card")

        let markdown = try await workspace.run(["drift", "--format", "markdown"] + workspace.connection + ["exported"])
        #expect(markdown.exitCode == 3, "\(markdown)")
        #expect(markdown.stdoutLines.contains("> [!CAUTION]"), "\(markdown)")

        // plan exits 3 on a conflict too, with or without --detailed-exitcode.
        let plan = try await workspace.run(["plan"] + workspace.connection + ["exported"])
        #expect(plan.exitCode == 3, "\(plan)")
        let detailed = try await workspace.run(["plan", "--detailed-exitcode"] + workspace.connection + ["exported"])
        #expect(detailed.exitCode == 3, "\(detailed)")
    }

    @Test("a country permission that ended at its until, as the ledger says it was sent: not drift")
    func endedPermission() async throws {
        let workspace = try Workspace(state: .demo())
        func day(_ offset: Double) -> String { String(ISO8601DateFormatter().string(from: Date().addingTimeInterval(offset * 86_400)).prefix(10)) }
        func policy(until: String) throws {
            try workspace.write(
                "version: 1\nunmanaged: ignore\ncards:\n  - {name: alice-travel, match: {id: \(Self.aliceTravel)}, countries: [NL, {country: US, until: \(until)}]}\n",
                to: "policy/cards.yaml")
        }
        try policy(until: day(1))
        let apply = try await workspace.run(["apply", "--auto-approve", "--rate-limits", "off"] + workspace.connection + ["policy"])
        #expect(apply.exitCode == 0, "\(apply)")
        // Days later: the permission was sent until yesterday, and that day has passed.
        let ledgerURL = URL(fileURLWithPath: workspace.ledgerPath)
        let ledger = try String(contentsOf: ledgerURL, encoding: .utf8)
        #expect(ledger.contains("\(day(1)) 23:59:59.000000"), "\(ledger)")
        try ledger.replacingOccurrences(of: day(1), with: day(-1)).write(to: ledgerURL, atomically: true, encoding: .utf8)
        try policy(until: day(-1))
        // bunq still lists US; the policy's until says it has ended, so nothing drifted.
        #expect(try workspace.state().cards.first { $0.id == Self.aliceTravel }?.countryPermission.map(\.country) == ["NL", "US"])
        let drift = try await workspace.run(["drift"] + workspace.connection + ["policy"])
        #expect(drift.exitCode == 0, "\(drift)")
        #expect(drift.stdout == "No drift. bunq matches the policy.\n", "\(drift)")
    }
}
