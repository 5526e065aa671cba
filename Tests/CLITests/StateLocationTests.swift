import BunqEmulator
import Foundation
import Testing

/// The ledger and the journal belong to the policy repository: runs from its root and from
/// any subdirectory share `.cardpolicy/` at the repository's top level.
@Suite("state location")
struct StateLocationTests {
    static let aliceTravel = 2_079_040

    /// A repository (`.git` as a directory, or as a worktree's file) holding a policy whose US
    /// permission ends at a date: only the ledger knows that date was sent, so a plan made
    /// without the apply's ledger would send it again.
    static func repository(_ workspace: Workspace, gitFile: Bool = false) throws -> URL {
        let root = URL(fileURLWithPath: workspace.path("repo"))
        if gitFile {
            try workspace.write("gitdir: /elsewhere/.git/worktrees/repo\n", to: "repo/.git")
        } else {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
        }
        let until = String(ISO8601DateFormatter().string(from: Date().addingTimeInterval(30 * 86_400)).prefix(10))
        try workspace.write(
            "version: 1\nunmanaged: ignore\ncards:\n  - {name: alice-travel, match: {id: \(aliceTravel)}, countries: [NL, {country: US, until: \(until)}]}\n",
            to: "repo/policies/team/cards.yaml")
        return root
    }

    static func exists(_ url: URL, _ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(relative).path)
    }

    @Test("an apply from a subdirectory writes the repository's ledger and journal, which a plan from the root then uses")
    func subdirectory() async throws {
        let workspace = try Workspace(state: .demo())
        let root = try Self.repository(workspace)
        let team = root.appendingPathComponent("policies/team")
        let apply = try await Cardpolicy.run(
            ["apply", "--auto-approve", "--rate-limits", "off", "--emulator", workspace.statePath, "."], in: team)
        #expect(apply.exitCode == 0, "\(apply)")
        #expect(Self.exists(root, ".cardpolicy/state.json"))
        #expect(Self.exists(root, ".cardpolicy/journal.jsonl"))
        #expect(!Self.exists(team, ".cardpolicy"))
        #expect(!Self.exists(root.appendingPathComponent("policies"), ".cardpolicy"))

        let plan = try await Cardpolicy.run(["plan", "--emulator", workspace.statePath, "policies"], in: root)
        #expect(plan.exitCode == 0, "\(plan)")
        #expect(plan.stdout.contains("No changes. bunq matches the policy."), "\(plan)")
        // The same plan with a ledger of its own does not know the expiry was sent.
        let elsewhere = try await Cardpolicy.run(
            ["plan", "--emulator", workspace.statePath, "--state", workspace.ledgerPath, "policies"], in: root)
        #expect(elsewhere.stdout.contains("alice-travel"), "\(elsewhere)")
    }

    @Test("a worktree's .git file marks the root too; apply --plan uses the current directory's repository; --state and --journal override")
    func worktreeAndSavedPlan() async throws {
        let workspace = try Workspace(state: .demo())
        let root = try Self.repository(workspace, gitFile: true)
        let team = root.appendingPathComponent("policies/team")
        let planned = try await Cardpolicy.run(
            ["plan", "--emulator", workspace.statePath, "--out", workspace.path("plan.json"), "policies"], in: root)
        #expect(planned.exitCode == 0, "\(planned)")
        let applied = try await Cardpolicy.run(
            ["apply", "--rate-limits", "off", "--emulator", workspace.statePath, "--plan", workspace.path("plan.json")], in: team)
        #expect(applied.exitCode == 0, "\(applied)")
        #expect(Self.exists(root, ".cardpolicy/journal.jsonl"))
        #expect(Self.exists(root, ".cardpolicy/state.json"))
        #expect(Self.exists(root, ".cardpolicy/plans"))

        try FileManager.default.removeItem(at: root.appendingPathComponent(".cardpolicy"))
        try workspace.changeState { state in
            if let index = state.cards.firstIndex(where: { $0.id == Self.aliceTravel }) { state.cards[index].countryPermission.removeAll() }
        }
        let flags = try await Cardpolicy.run(
            [
                "apply", "--auto-approve", "--rate-limits", "off", "--emulator", workspace.statePath,
                "--state", workspace.ledgerPath, "--journal", workspace.path("journal.jsonl"), "."
            ], in: team)
        #expect(flags.exitCode == 0, "\(flags)")
        #expect(FileManager.default.fileExists(atPath: workspace.ledgerPath))
        #expect(FileManager.default.fileExists(atPath: workspace.path("journal.jsonl")))
        #expect(!Self.exists(root, ".cardpolicy"))
    }
}
