import BunqEmulator
import Foundation
import Testing

/// Fleet-sized changes through the real executable: card batches in the plan and the apply,
/// `--no-batch`, the bulk-change guard with `--max-changes`, and the estimate said before
/// the confirmation.
@Suite("fleet apply: card batches and the bulk-change guard")
struct FleetApplyCommandTests {
    static func fleet(_ workspace: Workspace, _ count: Int) throws -> (policy: String, ids: [Int]) {
        let state = try workspace.state()
        let targets = state.cards.filter { $0.status == "ACTIVE" && $0.subStatus == "NONE" && $0.userHolderId == nil }.prefix(count)
        try #require(targets.count == count)
        let yaml = "version: 1\ncards:\n" + targets.map { "  - {name: c\($0.id), match: {id: \($0.id)}, limits: {atm: 7 EUR}}\n" }.joined()
        return (try workspace.write(yaml, to: "fleet.yaml"), targets.map(\.id))
    }

    @Test("a bulk change is blocked with exit 3 and nothing written, after the plan and its estimate; --max-changes lets it through in batches")
    func bulkChangeBlockedThenAllowed() async throws {
        let workspace = try Workspace(state: .generated(cards: 40, seed: 7))
        let (policy, ids) = try Self.fleet(workspace, 12)
        let user = try workspace.state().user.id
        let blocked = try await workspace.run(["apply", "--auto-approve", "--batch-size", "5"] + workspace.connection + [policy])
        #expect(blocked.exitCode == 3, "\(blocked)")
        #expect(blocked.stdout.contains("in card-batch/3: POST /user/\(user)/card-batch"), "\(blocked)")
        #expect(blocked.stdout.contains("12 card changes go in 3 card-batch requests"), "\(blocked)")
        #expect(
            blocked.stdout.contains("Plan: 12 actions, changing 12 cards: 0 to add, 12 to change (12 in 3 card batches), 0 to remove, 21 unmanaged cards."),
            "\(blocked)")
        #expect(
            blocked.stdout.contains("Estimated time under bunq's rate limits: under a second (3 card-batch requests, then 1 card page read back)."),
            "\(blocked)")
        #expect(
            blocked.stderr.contains(
                "12 of 12 managed cards (100%) would change, more than 30% of them: pass --max-changes 12 (or 100%) to allow it"),
            "\(blocked)")
        #expect(try workspace.state().cards.filter { ids.contains($0.id) }.allSatisfy { $0.cardLimitAtm?.value != "7.00" })

        let applied = try await workspace.run(["apply", "--auto-approve", "--batch-size", "5", "--max-changes", "12"] + workspace.connection + [policy])
        #expect(applied.exitCode == 0, "\(applied)")
        #expect(applied.stdout.contains("[1-4/12] card-batch/1: POST /user/\(user)/card-batch → 200: 4 of 4 cards updated · 8 left"), "\(applied)")
        #expect(applied.stdout.contains("Apply complete: 12 changes made and verified"), "\(applied)")
        #expect(try workspace.state().cards.filter { ids.contains($0.id) }.allSatisfy { $0.cardLimitAtm?.value == "7.00" })
    }

    @Test("--no-batch plans a PUT per card; a saved plan keeps the batching it was made with")
    func noBatch() async throws {
        let workspace = try Workspace(state: .generated(cards: 40, seed: 7))
        let (policy, _) = try Self.fleet(workspace, 4)
        let plain = try await workspace.run(["plan", "--no-batch"] + workspace.connection + [policy])
        #expect(plain.exitCode == 0, "\(plain)")
        #expect(!plain.stdout.contains("card-batch"), "\(plain)")
        #expect(plain.stdout.components(separatedBy: "    PUT /user/").count == 5, "\(plain)")

        let saved = workspace.path("plan.json")
        #expect(try await workspace.run(["plan", "--out", saved] + workspace.connection + [policy]).exitCode == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: saved))) as? [String: Any])
        let batches = try #require(document["card_batches"] as? [[String: Any]])
        #expect(batches.count == 1 && (batches[0]["action_ids"] as? [String])?.count == 4)
        #expect(document["managed_cards"] as? Int == 4)
        let refused = try await workspace.run(["apply", "--plan", saved, "--no-batch"] + workspace.connection)
        #expect(refused.exitCode == 1, "\(refused)")
        #expect(refused.stderr.contains("pass them to `cardpolicy plan` with --out"), "\(refused)")
        let applied = try await workspace.run(["apply", "--plan", saved] + workspace.connection)
        #expect(applied.exitCode == 0, "\(applied)")
        #expect(applied.stdout.contains("card-batch/1: POST"), "\(applied)")
    }

    @Test("a bad --max-changes or --batch-size is refused before anything runs")
    func badArguments() async throws {
        let workspace = try Workspace(state: .demo())
        for arguments in [["--max-changes", "lots"], ["--max-changes", "150%"], ["--batch-size", "0"]] {
            let result = try await workspace.run(["apply", "--auto-approve"] + arguments + workspace.connection + ["policies"])
            #expect(result.exitCode == 1, "\(arguments): \(result)")
            #expect(result.stderr.contains(arguments[0]), "\(arguments): \(result)")
        }
    }
}
