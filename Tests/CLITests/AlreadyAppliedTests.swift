import BunqEmulator
import Foundation
import Testing

/// A saved plan applied once is "already applied" the second time, whether this machine's
/// journal remembers it or not: decided by what bunq holds, and without printing the plan.
@Suite("already applied")
struct AlreadyAppliedTests {
    @Test("applied again, with or without the journal: already applied, exit 0, nothing written", arguments: [false, true])
    func appliedTwice(journalGone: Bool) async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        let file = workspace.path("plan.json")
        let planned = try await workspace.run(["plan", "--out", file] + workspace.connection + ["policies"])
        #expect(planned.exitCode == 0, "\(planned)")
        let first = try await workspace.run(["apply", "--plan", file, "--max-deletes", "1"] + workspace.connection)
        #expect(first.exitCode == 0, "\(first)")
        #expect(first.stdout.contains("Applying the saved plan"), "\(first)")
        if journalGone { try FileManager.default.removeItem(atPath: workspace.path(".cardpolicy")) }

        let before = try workspace.state().cards
        let again = try await workspace.run(["apply", "--plan", file, "--max-deletes", "1"] + workspace.connection)
        #expect(again.exitCode == 0, "\(again)")
        #expect(again.stdout == "Already applied: bunq already holds everything this saved plan asks for; nothing was written.\n", "\(again)")
        #expect(try workspace.state().cards == before)
    }

    @Test("a plan bunq holds only part of is still stale without the journal")
    func partlyHeld() async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        let file = workspace.path("plan.json")
        let planned = try await workspace.run(["plan", "--out", file] + workspace.connection + ["policies"])
        #expect(planned.exitCode == 0, "\(planned)")
        // Someone makes one of the plan's changes in the app: the rest are not held.
        try workspace.changeState { state in
            let index = try #require(state.cards.firstIndex { $0.id == 2_079_040 })
            state.cards[index].cardLimit?.value = "2500.00"
        }
        let result = try await workspace.run(["apply", "--plan", file, "--max-deletes", "1"] + workspace.connection)
        #expect(result.exitCode == 5, "\(result)")
        #expect(!result.stdout.contains("Already applied"), "\(result)")
    }
}
