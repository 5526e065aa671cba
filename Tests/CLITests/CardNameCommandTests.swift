import BunqEmulator
import Foundation
import Testing

/// Names on cards through the real executable: a rename of a physical card is marked as a
/// possible reprint and needs `--allow-reprint`, whether or not bunq (here: the emulator's
/// switch) then orders one.
@Suite("card names end to end")
struct CardNameCommandTests {
    static let groceries = 2_079_050
    static let virtual = 2_079_060

    static let policy = """
        version: 1
        cards:
          - name: groceries
            match: {last4: "4417"}
            second_line: "Food"
            preferred_name_on_card: "Alice de Vries"
          - name: shopping
            match: {last4: "7713"}
            second_line: "Online"
        """

    func workspace(reprints: Bool = true) throws -> Workspace {
        var state = EmulatorState.demo()
        state.options.nameChangeReprints = reprints
        let workspace = try Workspace(state: state)
        try workspace.write(Self.policy, to: "policies/cards.yaml")
        return workspace
    }

    @Test("validate, then plan: the names change, only the physical card is marked")
    func planMarksThePhysicalCard() async throws {
        let workspace = try workspace()
        let valid = try await workspace.run(["validate", "policies"])
        #expect(valid.exitCode == 0, "\(valid)")
        let plan = try await workspace.run(["plan", "--detailed-exitcode"] + workspace.connection + ["policies"])
        #expect(plan.exitCode == 2, "\(plan)")
        #expect(plan.stdout.contains("~ card groceries (…4417 \"Groceries\")  MAY REPRINT THE CARD"), "\(plan)")
        #expect(plan.stdout.contains("    ~ second_line: \"Groceries\" → \"Food\""), "\(plan)")
        #expect(plan.stdout.contains("    + preferred_name_on_card: \"Alice de Vries\""), "\(plan)")
        #expect(plan.stdout.contains("~ card shopping (…7713 \"Virtual Shopping\")\n"), "\(plan)")
        #expect(plan.stdout.contains("Plan: 2 actions, changing 2 cards: 0 to add, 2 to change, 0 to remove, 1 may reprint, 2 unmanaged cards."), "\(plan)")

        let json = try await workspace.run(["plan", "--format", "json"] + workspace.connection + ["policies"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["format_version"] as? Int == 6)
        let actions = try #require(document["actions"] as? [[String: Any]])
        #expect(actions.map { $0["reprint"] as? Bool } == [true, nil])
        #expect(actions.map { $0["guards"] as? [String] } == [["--allow-reprint"], []])
    }

    @Test("apply without --allow-reprint exits 3, prints the plan and writes nothing", arguments: [true, false])
    func applyIsBlocked(reprints: Bool) async throws {
        let workspace = try workspace(reprints: reprints)
        let before = try workspace.state().cards
        let result = try await workspace.run(["apply", "--auto-approve"] + workspace.connection + ["policies"])
        #expect(result.exitCode == 3, "\(result)")
        #expect(result.stdout.contains("MAY REPRINT THE CARD"), "\(result)")
        #expect(result.stderr.contains("Apply blocked; nothing was written:"), "\(result)")
        #expect(
            result.stderr.contains(
                "1 name change on a physical card, which bunq may answer by printing a new card (card groceries (…4417 \"Groceries\")): pass --allow-reprint to make it"
            ), "\(result)")
        #expect(try workspace.state().cards == before)
        // --allow-irreversible is another guard: it does not let a reprint through.
        let other = try await workspace.run(["apply", "--auto-approve", "--allow-irreversible"] + workspace.connection + ["policies"])
        #expect(other.exitCode == 3, "\(other)")
        #expect(try workspace.state().cards == before)
    }

    @Test("apply --allow-reprint renames; the emulator's switch decides only what bunq does after", arguments: [true, false])
    func applyWithTheFlag(reprints: Bool) async throws {
        let workspace = try workspace(reprints: reprints)
        let result = try await workspace.run(["apply", "--auto-approve", "--allow-reprint"] + workspace.connection + ["policies"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("Apply complete: 2 changes made and verified"), "\(result)")
        let cards = try workspace.state().cards
        let groceries = try #require(cards.first { $0.id == Self.groceries })
        #expect(groceries.secondLine == "Food" && groceries.preferredNameOnCard == "Alice de Vries")
        #expect(groceries.orderStatus == (reprints ? "CARD_UPDATE_REQUESTED" : "DELIVERED_TO_CUSTOMER"))
        let virtual = try #require(cards.first { $0.id == Self.virtual })
        #expect(virtual.secondLine == "Online" && virtual.orderStatus == "VIRTUAL_DELIVERY")

        // Nothing is sent again: the names now match.
        let drift = try await workspace.run(["drift"] + workspace.connection + ["policies"])
        #expect(drift.exitCode == 0, "\(drift)")
        #expect(drift.stdout.contains("No drift."), "\(drift)")

        // Renamed in the app: drift shows it, and restoring it is a reprint again.
        try workspace.changeState { state in
            let index = state.cards.firstIndex { $0.id == Self.groceries }!
            state.cards[index].secondLine = "Groceries"
        }
        let drifted = try await workspace.run(["drift"] + workspace.connection + ["policies"])
        #expect(drifted.exitCode == 2, "\(drifted)")
        #expect(drifted.stdout.contains("~ second_line: \"Groceries\" → \"Food\""), "\(drifted)")
        #expect(!drifted.stdout.contains("preferred_name_on_card"), "\(drifted)")
    }

    @Test("apply --plan honours the guard too: refused without --allow-reprint, applied with it")
    func savedPlan() async throws {
        let workspace = try workspace()
        let planned = try await workspace.run(["plan", "--out", workspace.path("plan.json")] + workspace.connection + ["policies"])
        #expect(planned.exitCode == 0, "\(planned)")
        let before = try workspace.state().cards
        let refused = try await workspace.run(["apply", "--plan", workspace.path("plan.json")] + workspace.connection)
        #expect(refused.exitCode == 3, "\(refused)")
        #expect(refused.stderr.contains("pass --allow-reprint"), "\(refused)")
        #expect(try workspace.state().cards == before)

        // Taking the mark out of the saved file does not get past the guard: the id covers it.
        var plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: workspace.path("plan.json")))) as? [String: Any])
        plan["actions"] = (plan["actions"] as? [[String: Any]] ?? []).map { $0.filter { $0.key != "reprint" } }
        try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: workspace.path("edited.json")))
        let edited = try await workspace.run(["apply", "--plan", workspace.path("edited.json")] + workspace.connection)
        #expect(edited.exitCode == 1, "\(edited)")
        #expect(try workspace.state().cards == before)

        let applied = try await workspace.run(["apply", "--plan", workspace.path("plan.json"), "--allow-reprint"] + workspace.connection)
        #expect(applied.exitCode == 0, "\(applied)")
        #expect(try workspace.state().cards.first { $0.id == Self.groceries }?.secondLine == "Food")
    }

    @Test("export writes the names, and a plan of the export has no changes")
    func exportRoundTrip() async throws {
        let workspace = try workspace()
        try workspace.changeState { state in
            let index = state.cards.firstIndex { $0.id == Self.groceries }!
            state.cards[index].preferredNameOnCard = "Alice de Vries"
        }
        let exported = try await workspace.run(["export", "--out", workspace.path("exported")] + workspace.connection)
        #expect(exported.exitCode == 0, "\(exported)")
        let cards = try String(contentsOfFile: workspace.path("exported/cards.yaml"), encoding: .utf8)
        #expect(cards.contains("    second_line: \"Groceries\"\n    preferred_name_on_card: \"Alice de Vries\"\n"), "\(cards)")
        #expect(cards.contains("    second_line: \"Virtual Shopping\"\n"), "\(cards)")
        let plan = try await workspace.run(["plan", "--detailed-exitcode"] + workspace.connection + [workspace.path("exported")])
        #expect(plan.exitCode == 0, "\(plan)")
    }

    @Test("a card matched by the second line it renames is a located error, not a plan")
    func renameOfTheMatchedLine() async throws {
        let workspace = try workspace()
        try workspace.write(
            """
            version: 1
            cards:
              - name: groceries
                match: {second_line: "Groceries"}
                second_line: "Food"
            """, to: "policies/cards.yaml")
        let result = try await workspace.run(["plan"] + workspace.connection + ["policies"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(
            result.stderr.contains(
                "policies/cards.yaml:5:18: error: card `groceries` is matched by `second_line: \"Groceries\"` and renames it to \"Food\": after apply that match would find no card; match it by `id` or `last4` instead"
            ), "\(result)")
    }
}
