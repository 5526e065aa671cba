import BunqEmulator
import Foundation
import Testing

/// A card whose limit bunq sends as `null`: the plan cannot compare it, so it says the value
/// is unknown and sets it; apply does not call it a mismatch; once bunq shows the value,
/// the next plan is in sync.
@Suite("a limit bunq sends as null")
struct NullLimitTests {
    /// Demo card 2079040 (alice-travel) with `"card_limit": null` in the state file.
    private func workspaceWithNullLimit() throws -> Workspace {
        let workspace = try Workspace(state: .demo())
        let url = URL(fileURLWithPath: workspace.statePath)
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        var cards = json["cards"] as! [[String: Any]]
        let index = try #require(cards.firstIndex { ($0["id"] as? Int) == 2_079_040 })
        cards[index]["card_limit"] = NSNull()
        json["cards"] = cards
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        try workspace.write(
            """
            version: 1
            cards:
              - name: alice-travel
                match: {id: 2079040}
                limits: {purchase: 100.00 EUR}
            """, to: "policies/alice.yaml")
        return workspace
    }

    @Test("plan shows the limit as unknown and sets it; apply verifies; the next plan is in sync")
    func unknownThenSet() async throws {
        let workspace = try workspaceWithNullLimit()
        #expect(try workspace.state().cards.first { $0.id == 2_079_040 }?.cardLimit == nil, "the state file holds the null")

        let plan = try await workspace.run(["plan", "--detailed-exitcode"] + workspace.connection + ["policies"])
        #expect(plan.exitCode == 2, "\(plan)")
        #expect(plan.stdout.contains("~ limits.purchase: (unknown: bunq sent no value) → 100.00 EUR"), "\(plan)")

        let apply = try await workspace.run(["apply", "--auto-approve"] + workspace.connection + ["policies"])
        #expect(apply.exitCode == 0, "\(apply)")
        #expect(!apply.stderr.contains("mismatch") && !apply.stdout.contains("mismatch"), "\(apply)")
        #expect(try workspace.state().cards.first { $0.id == 2_079_040 }?.cardLimit?.value == "100.00")

        let again = try await workspace.run(["plan", "--detailed-exitcode"] + workspace.connection + ["policies"])
        #expect(again.exitCode == 0, "\(again)")
    }
}
