import Foundation
import Testing

/// `cardpolicy show PLAN.json` prints a saved plan as `plan` printed it, without calling bunq,
/// and refuses, as `apply --plan` does, a plan edited in anything it shows.
@Suite("show")
struct ShowCommandTests {
    @Test("text, json and markdown: exactly what plan printed when it saved the plan")
    func showsWhatPlanPrinted() async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        for format in ["text", "json", "markdown"] {
            let file = workspace.path("plan-\(format).json")
            let planned = try await workspace.run(["plan", "--out", file, "--format", format] + workspace.connection + ["policies"])
            #expect(planned.exitCode == 0, "\(planned)")
            // No connection options: show never talks to bunq.
            let shown = try await workspace.run(["show", file, "--format", format])
            #expect(shown.exitCode == 0, "\(shown)")
            #expect(shown.stdout == planned.stdout, "\(format)")
            #expect(!shown.stdout.isEmpty)
        }
        let json = try await workspace.run(["show", workspace.path("plan-json.json"), "--format", "json"])
        #expect(json.stdout == String(decoding: try Data(contentsOf: URL(fileURLWithPath: workspace.path("plan-json.json"))), as: UTF8.self))
    }

    /// Each of these is shown to the reviewer; none is part of a request body.
    @Test(
        "an edit to what a plan shows is refused by show and by apply --plan",
        arguments: ["after", "resource", "source", "note", "unmanaged"])
    func editsToShownPartsAreRefused(part: String) async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        let file = workspace.path("plan.json")
        let planned = try await workspace.run(["plan", "--out", file] + workspace.connection + ["policies"])
        #expect(planned.exitCode == 0, "\(planned)")
        var plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        var actions = try #require(plan["actions"] as? [[String: Any]])
        var changes = try #require(actions[0]["changes"] as? [[String: Any]])
        switch part {
        case "after": changes[0]["after"] = "1.00 EUR"
        case "resource": actions[0]["resource"] = "card somebody-else"
        case "source": actions[0]["sources"] = []
        case "note": plan["notes"] = ["all fine"]
        default: plan["unmanaged"] = []
        }
        actions[0]["changes"] = changes
        plan["actions"] = actions
        try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: file))

        let refusal = "the saved plan \(file) was changed after cardpolicy wrote it (its plan id does not match its actions); nothing was written: plan again"
        let shown = try await workspace.run(["show", file])
        #expect(shown.exitCode == 1, "\(shown)")
        #expect(shown.stderr.contains(refusal), "\(shown)")
        #expect(shown.stdout.isEmpty)
        let before = try workspace.state().cards.map { $0.cardLimit?.value }
        let applied = try await workspace.run(["apply", "--plan", file, "--max-deletes", "1"] + workspace.connection)
        #expect(applied.exitCode == 1, "\(applied)")
        #expect(applied.stderr.contains(refusal), "\(applied)")
        #expect(try workspace.state().cards.map { $0.cardLimit?.value } == before)
    }

    @Test("a missing file and a file that is not a plan are said as apply --plan says them")
    func unreadable() async throws {
        let workspace = try Workspace()
        let missing = try await workspace.run(["show", "missing.json"])
        #expect(missing.exitCode == 1)
        #expect(
            missing.stderr.hasPrefix("Error: cannot read the saved plan ") && missing.stderr.contains("missing.json: No such file or directory"), "\(missing)")
        try workspace.write("{\"format_version\": 6}", to: "notaplan.json")
        let notAPlan = try await workspace.run(["show", "notaplan.json"])
        #expect(notAPlan.exitCode == 1)
        #expect(notAPlan.stderr.contains("it is not a plan that `cardpolicy plan --out` wrote"), "\(notAPlan)")
    }
}
