import BunqEmulator
import Foundation
import Testing

/// `apply --plan FILE` sends exactly the requests the plan was made with, checked against the
/// targets it was made with: the plan id is a digest of both, so a file edited after
/// `plan --out` wrote it is refused.
@Suite("saved plans")
struct SavedPlanTests {
    @Test("a saved plan whose request body was edited is refused, and nothing is written")
    func editedRequest() async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        let planned = try await workspace.run(["plan", "--out", workspace.path("plan.json")] + workspace.connection + ["policies"])
        #expect(planned.exitCode == 0, "\(planned)")

        var plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: workspace.path("plan.json")))) as? [String: Any])
        var actions = try #require(plan["actions"] as? [[String: Any]])
        let index = try #require(actions.firstIndex { (($0["request"] as? [String: Any])?["body"] as? String)?.contains("2500.00") == true })
        var request = try #require(actions[index]["request"] as? [String: Any])
        request["body"] = (request["body"] as? String)?.replacingOccurrences(of: "2500.00", with: "9999.00")
        actions[index]["request"] = request
        plan["actions"] = actions
        try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: workspace.path("plan.json")))

        let before = try workspace.state().cards.first { $0.id == 2_079_040 }?.cardLimit?.value
        let result = try await workspace.run(["apply", "--plan", workspace.path("plan.json")] + workspace.connection)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("was changed after cardpolicy wrote it (its plan id does not match its actions); nothing was written"), "\(result)")
        #expect(try workspace.state().cards.first { $0.id == 2_079_040 }?.cardLimit?.value == before)
    }

    @Test("a saved plan whose action target was edited is refused, and nothing is written")
    func editedTarget() async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        let planned = try await workspace.run(["plan", "--out", workspace.path("plan.json")] + workspace.connection + ["policies"])
        #expect(planned.exitCode == 0, "\(planned)")

        // Point a card update's target at another card: the checks and verification would then
        // look at the wrong card, so the id must cover the target like it covers the request.
        var plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: workspace.path("plan.json")))) as? [String: Any])
        var actions = try #require(plan["actions"] as? [[String: Any]])
        let index = try #require(actions.firstIndex { ($0["target"] as? [String: Any])?["type"] as? String == "card" })
        var target = try #require(actions[index]["target"] as? [String: Any])
        target["card_id"] = ((target["card_id"] as? Int) ?? 0) + 1
        actions[index]["target"] = target
        plan["actions"] = actions
        try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: workspace.path("plan.json")))

        let before = try workspace.state().cards.map { $0.cardLimit?.value }
        let result = try await workspace.run(["apply", "--plan", workspace.path("plan.json")] + workspace.connection)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("was changed after cardpolicy wrote it (its plan id does not match its actions); nothing was written"), "\(result)")
        #expect(try workspace.state().cards.map { $0.cardLimit?.value } == before)
    }

    @Test("a plan in the previous format is refused with a request to plan again, and nothing is written")
    func previousFormat() async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        let planned = try await workspace.run(["plan", "--out", workspace.path("plan.json")] + workspace.connection + ["policies"])
        #expect(planned.exitCode == 0, "\(planned)")
        // What format 1 looked like: no targets.
        var plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: workspace.path("plan.json")))) as? [String: Any])
        plan["format_version"] = 1
        plan["actions"] = (plan["actions"] as? [[String: Any]] ?? []).map { action in action.filter { $0.key != "target" } }
        try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: workspace.path("plan.json")))

        let before = try workspace.state().cards.map { $0.cardLimit?.value }
        let result = try await workspace.run(["apply", "--plan", workspace.path("plan.json")] + workspace.connection)
        #expect(result.exitCode == 1, "\(result)")
        #expect(
            result.stderr.contains(
                "it is in plan format 1, which an older cardpolicy wrote; this cardpolicy reads format 6: plan again with `cardpolicy plan --out`"), "\(result)"
        )
        #expect(try workspace.state().cards.map { $0.cardLimit?.value } == before)
    }

    @Test("the same saved plan, untouched, applies")
    func untouched() async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        let planned = try await workspace.run(["plan", "--out", workspace.path("plan.json")] + workspace.connection + ["policies"])
        #expect(planned.exitCode == 0, "\(planned)")
        let result = try await workspace.run(["apply", "--plan", workspace.path("plan.json"), "--max-deletes", "1"] + workspace.connection)
        #expect(result.exitCode == 0, "\(result)")
        #expect(try workspace.state().cards.first { $0.id == 2_079_040 }?.cardLimit?.value == "2500.00")
    }
}
