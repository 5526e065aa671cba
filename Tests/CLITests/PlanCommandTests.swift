import BunqEmulator
import Foundation
import Reconciler
import Testing

/// `cardpolicy plan` on the repository's policies against the emulator's demo state: the
/// walkthrough a new user follows, checked in every output format.
@Suite("plan")
struct PlanCommandTests {
    /// A workspace with the demo state and a copy of `policies/`, so plans name
    /// `policies/…` relative paths exactly as in the README.
    static func demoWorkspace() throws -> Workspace {
        let workspace = try Workspace(state: .demo())
        try FileManager.default.copyItem(atPath: repositoryPolicies, toPath: workspace.path("policies"))
        return workspace
    }

    @Test("a fallback account named by the IBAN of a demo account: the demo's IBANs are valid ones")
    func fallbackByIBAN() async throws {
        let workspace = try Workspace(state: .demo())
        let policy = try workspace.write(
            """
            version: 1
            cards:
              - name: groceries
                match: {last4: "4417"}
                fallback_account: {iban: "NL48 BUNQ 2078 7900 02"}
            """, to: "policies/cards.yaml")
        let result = try await workspace.run(["plan"] + workspace.connection + [policy])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdoutLines.contains("    ~ fallback_account: none → 2078790 \"Buffer\""), "\(result)")
    }

    @Test("text: the field changes, risky and irrelevant cards handled, summary line last; exit 0")
    func text() async throws {
        let workspace = try Self.demoWorkspace()
        let result = try await workspace.run(["plan"] + workspace.connection + ["policies"])
        #expect(result.exitCode == 0, "\(result)")
        let lines = result.stdoutLines
        for expected in [
            "~ card office-groceries (…4417 \"Groceries\")",
            "    ~ limits.purchase: 500.00 EUR → 400.00 EUR",
            "    ~ limits.atm: 200.00 EUR → 0.00 EUR",
            "    ~ fallback_account: none → 2078790 \"Buffer\"",
            "    PUT /user/2078600/card/2079050  (policies/teams/office.yaml:8-11)",
            "~ card alice-travel (…8069 \"Alice Travel\")",
            "    ~ limits.purchase: 1000.00 EUR → 2500.00 EUR",
            "    ~ countries: NL, DE, BE → NL, BE, DE, US until 2030-12-31",
            "        expiry unknown: bunq does not return it and the ledger has no entry; sent once",
            "    ~ cvc2: STATIC → GENERATED",
            "+ pinned chain webhooks",
            "- pinned chain 2079080 (not in the policy)",
            "    DELETE /user/2078600/certificate-pinned/2079080",
            "~ notifications.url",
            "    + CARD_TRANSACTION_FAILED: https://hooks.example.com/bunq/cards"
        ] {
            #expect(lines.contains(expected), "missing line \(expected)\n\(result)")
        }
        #expect(lines.last == "Plan: 6 actions, changing 2 cards: 1 to add, 4 to change, 1 to remove, 1 unmanaged card.", "\(result)")
        // The virtual card is in a group but already has ATM 0: no action, so no mention.
        #expect(!result.stdout.contains("7713"), "\(result)")
        // Not a terminal and NO_COLOR: no escape codes.
        #expect(!result.stdout.contains("\u{1B}["), "\(result)")
    }

    @Test("--detailed-exitcode: 2 when there are changes")
    func detailedExitCode() async throws {
        let workspace = try Self.demoWorkspace()
        let result = try await workspace.run(["plan", "--detailed-exitcode"] + workspace.connection + ["policies"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stdoutLines.last == "Plan: 6 actions, changing 2 cards: 1 to add, 4 to change, 1 to remove, 1 unmanaged card.", "\(result)")
    }

    @Test("--format json: format_version 6, the actions in execution order, exact requests")
    func json() async throws {
        let workspace = try Self.demoWorkspace()
        let result = try await workspace.run(["plan", "--format", "json"] + workspace.connection + ["policies"])
        #expect(result.exitCode == 0, "\(result)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        #expect(document["format_version"] as? Int == 6)
        #expect(document["user_id"] as? Int == 2078600)
        #expect((document["plan_id"] as? String)?.count == 32)
        let actions = try #require(document["actions"] as? [[String: Any]])
        let summary = actions.map { "\($0["id"] ?? "") \($0["kind"] ?? "")" }
        #expect(
            summary == [
                "card/office-groceries update_card",
                "card/alice-travel update_card",
                "card/alice-travel/cvc2 create_generated_cvc2",
                "certificate/webhooks pin_certificate_chain",
                "notifications.url replace_notification_filters",
                "certificate-pinned/2079080 unpin_certificate_chain"
            ])
        let office = try #require(actions.first)
        let request = try #require(office["request"] as? [String: Any])
        #expect(request["method"] as? String == "PUT")
        #expect(request["path"] as? String == "/user/2078600/card/2079050")
        // Exact bytes, sorted keys, and the fallback always sent (bunq drops it when omitted).
        #expect(
            request["body"] as? String
                == #"{"card_limit":{"currency":"EUR","value":"400.00"},"card_limit_atm":{"currency":"EUR","value":"0.00"},"monetary_account_id_fallback":2078790}"#
        )
        let changes = try #require(office["changes"] as? [[String: Any]])
        #expect(changes.map { $0["field"] as? String } == ["limits.purchase", "limits.atm", "fallback_account"])
        #expect(changes.first?["before_text"] as? String == "500.00 EUR")
        #expect(changes.first?["after_text"] as? String == "400.00 EUR")
        #expect(changes.first?["before"] as? [String: String] == ["value": "500.00", "currency": "EUR"])
        #expect(changes.first?["after"] as? [String: String] == ["value": "400.00", "currency": "EUR"])
        // The body as data next to its bytes, for a reader that would otherwise parse a string.
        #expect(
            (request["body_json"] as? [String: Any])?["monetary_account_id_fallback"] as? Int == 2078790)
        #expect(office["guards"] as? [String] == [])
        #expect(
            document["summary"] as? [String: Int] == [
                "create": 1, "update": 4, "delete": 1, "irreversible": 0, "conflicts": 0, "removals": 0, "unmanaged": 1, "card_batches": 0,
                "changed_cards": 2, "protected": 0, "rule_violations": 0
            ])
    }

    @Test("--format markdown: a heading and a summary table for a pull-request comment")
    func markdown() async throws {
        let workspace = try Self.demoWorkspace()
        let result = try await workspace.run(["plan", "--format", "markdown"] + workspace.connection + ["policies"])
        #expect(result.exitCode == 0, "\(result)")
        let lines = result.stdoutLines
        #expect(lines.first == "### cardpolicy plan: 1 to add, 4 to change, 1 to remove", "\(result)")
        let header = try #require(lines.firstIndex(of: "| | resource | fields |"), "\(result)")
        #expect(lines[header + 1] == "|---|---|---|")
        #expect(lines[header + 2] == "| ✏️ change | card office-groceries (…4417 \"Groceries\") | limits.purchase, limits.atm, fallback_account |")
        #expect(lines.contains("| ➖ remove | pinned chain 2079080 (not in the policy) | certificate_chain[0] |"))
        #expect(lines.contains("<details><summary>Details (6 of 6 actions)</summary>"))
        #expect(lines.last?.hasSuffix("Plan: 6 actions, changing 2 cards: 1 to add, 4 to change, 1 to remove, 1 unmanaged card.</sub>") == true, "\(result)")
    }

    @Test("--out FILE: the saved plan reads back with PlanJSON.decode and equals the printed plan")
    func savedPlan() async throws {
        let workspace = try Self.demoWorkspace()
        let out = workspace.path("plan.json")
        let result = try await workspace.run(["plan", "--out", out, "--format", "json"] + workspace.connection + ["policies"])
        #expect(result.exitCode == 0, "\(result)")
        let saved = try Data(contentsOf: URL(fileURLWithPath: out))
        let fromFile = try PlanJSON.decode(saved)
        let printed = try PlanJSON.decode(Data(result.stdout.utf8))
        #expect(fromFile.actions == printed.actions)
        #expect(fromFile == printed)
        #expect(fromFile.actions.count == 6)
        #expect(String(decoding: saved, as: UTF8.self) == result.stdout, "the file and --format json are the same document")

        // The same inputs plan the same actions; a saved plan's id also covers its expiry, so
        // two saves differ in id while a printed plan's id stays the same (request ids derive
        // from it); --out works with the text format too.
        let again = try await workspace.run(["plan", "--out", workspace.path("again.json")] + workspace.connection + ["policies"])
        #expect(again.exitCode == 0, "\(again)")
        #expect(again.stdoutLines.last == "Plan: 6 actions, changing 2 cards: 1 to add, 4 to change, 1 to remove, 1 unmanaged card.")
        let second = try PlanJSON.decode(Data(contentsOf: URL(fileURLWithPath: workspace.path("again.json"))))
        #expect(second.planId != fromFile.planId)
        #expect(second.actions == fromFile.actions)
        let printed1 = try await workspace.run(["plan", "--format", "json"] + workspace.connection + ["policies"])
        let printed2 = try await workspace.run(["plan", "--format", "json"] + workspace.connection + ["policies"])
        #expect(try PlanJSON.decode(Data(printed1.stdout.utf8)).planId == PlanJSON.decode(Data(printed2.stdout.utf8)).planId)
    }

    @Test("a policy that matches bunq: 'No changes', exit 0 even with --detailed-exitcode")
    func noChanges() async throws {
        let workspace = try Workspace(state: .demo())
        let policy = try workspace.write(
            """
            version: 1
            cards:
              - name: groceries
                match: {last4: "4417"}
                limits: {purchase: 500 EUR, atm: 200 EUR}
                countries: [NL]
            """, to: "groceries.yaml")
        let result = try await workspace.run(["plan", "--detailed-exitcode"] + workspace.connection + [policy])
        #expect(result.exitCode == 0, "\(result)")
        // The cards the policy does not mention are listed, and change nothing.
        #expect(
            result.stdoutLines == [
                "No changes. bunq matches the policy.",
                "",
                "3 cards the policy does not cover:",
                "  ? …3388 \"Office\" (id 2079100): ACTIVE, purchase 500.00 EUR, atm 100.00 EUR, held by user 2078610 (\"B. Jansen\")",
                "  ? …7713 \"Virtual Shopping\" (id 2079060): DEACTIVATED, purchase 250.00 EUR, atm 0.00 EUR",
                "  ? …8069 \"Alice Travel\" (id 2079040): ACTIVE, purchase 1000.00 EUR, atm 250.00 EUR",
                "",
                "Plan: 0 actions: 0 to add, 0 to change, 0 to remove, 3 unmanaged cards."
            ], "\(result)")
    }
}
