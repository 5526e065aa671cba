import Foundation
import Testing

/// A saved plan says where it was planned and until when it may be applied, under its id;
/// `apply --plan` refuses it anywhere else or later. A key for the other bunq is refused
/// before any call.
@Suite("saved plan provenance")
struct SavedPlanProvenanceTests {
    static func saved(_ workspace: Workspace, ttl: [String] = []) async throws -> [String: Any] {
        let planned = try await workspace.run(["plan", "--out", workspace.path("plan.json")] + ttl + workspace.connection + ["policies"])
        #expect(planned.exitCode == 0, "\(planned)")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: workspace.path("plan.json")))) as? [String: Any])
    }

    @Test("plan --out records the emulator state and an expiry 24 h ahead; plan alone records neither")
    func recorded() async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        let plan = try await Self.saved(workspace)
        #expect(plan["api_url"] as? String == "emulator:" + workspace.statePath)
        let expires = try #require((plan["expires_at"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
        #expect(abs(expires.timeIntervalSinceNow - 86_400) < 600, "\(expires)")
        let json = try await workspace.run(["plan", "--format", "json"] + workspace.connection + ["policies"])
        let printed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(printed["api_url"] == nil && printed["expires_at"] == nil)
    }

    @Test("a plan made against another emulator state is refused, and nothing is written")
    func otherEnvironment() async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        _ = try await Self.saved(workspace)
        try FileManager.default.copyItem(atPath: workspace.statePath, toPath: workspace.path("other.json"))
        let result = try await workspace.run(
            ["apply", "--plan", workspace.path("plan.json"), "--max-deletes", "1", "--emulator", workspace.path("other.json"), "--state", workspace.ledgerPath])
        #expect(result.exitCode == 1, "\(result)")
        #expect(
            result.stderr.contains(
                "was planned against emulator:\(workspace.statePath), but this apply talks to emulator:\(workspace.path("other.json")); nothing was written"),
            "\(result)")
        #expect(try workspace.state().cards.first { $0.id == 2_079_040 }?.cardLimit?.value != "2500.00")
    }

    @Test("an expired plan is refused; its expiry cannot be edited, being under the plan id")
    func expired() async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        var plan = try await Self.saved(workspace, ttl: ["--plan-ttl", "1s"])
        try await Task.sleep(for: .milliseconds(1500))
        let result = try await workspace.run(["apply", "--plan", workspace.path("plan.json"), "--max-deletes", "1"] + workspace.connection)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("expired at \(plan["expires_at"] as? String ?? "?"); nothing was written: plan again"), "\(result)")

        plan["expires_at"] = "2999-01-01T00:00:00Z"
        try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: workspace.path("plan.json")))
        let edited = try await workspace.run(["apply", "--plan", workspace.path("plan.json"), "--max-deletes", "1"] + workspace.connection)
        #expect(edited.exitCode == 1, "\(edited)")
        #expect(edited.stderr.contains("its plan id does not match"), "\(edited)")
        #expect(try workspace.state().cards.first { $0.id == 2_079_040 }?.cardLimit?.value != "2500.00")
    }

    @Test("a plan without provenance (printed, not saved) is refused", arguments: ["api_url", "expires_at"])
    func withoutProvenance(key: String) async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        var plan = try await Self.saved(workspace)
        plan[key] = nil
        try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: workspace.path("plan.json")))
        let result = try await workspace.run(["apply", "--plan", workspace.path("plan.json"), "--max-deletes", "1"] + workspace.connection)
        #expect(result.exitCode == 1, "\(result)")
        // Removing a key changes the id too: either refusal writes nothing.
        #expect(result.stderr.contains("nothing was written"), "\(result)")
    }

    @Test("--plan-ttl takes durations such as 30m, 24h and 7d", arguments: [("30m", 1800.0), ("7d", 604_800.0)])
    func ttl(text: String, seconds: Double) async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        let plan = try await Self.saved(workspace, ttl: ["--plan-ttl", text])
        let expires = try #require((plan["expires_at"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
        #expect(abs(expires.timeIntervalSinceNow - seconds) < 600, "\(expires)")
    }

    @Test("a --plan-ttl that is no duration is an error", arguments: ["soon", "0s", "7x"])
    func badTTL(text: String) async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        let result = try await workspace.run(["plan", "--plan-ttl", text, "--out", workspace.path("plan.json")] + workspace.connection + ["policies"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("--plan-ttl must be a duration such as 30m, 24h or 7d"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: workspace.path("plan.json")))
    }

    @Test(
        "a key for the other bunq is refused before any call, naming the flag and never the key",
        arguments: [
            (
                "sandbox_0123456789abcdef", [String](),
                "this is a sandbox API key (sandbox_…), but https://api.bunq.com/v1 is bunq's production API: pass --sandbox"
            ),
            (
                "0123456789abcdef", ["--sandbox"],
                "this is a production API key (it does not start with sandbox_), but https://public-api.sandbox.bunq.com/v1 is bunq's sandbox"
            )
        ])
    func keyForTheOtherBunq(key: String, flags: [String], message: String) async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        let result = try await workspace.run(
            ["plan", "--context", workspace.path("context.json"), "--verbose"] + flags + [repositoryPolicies], environment: ["BUNQ_API_KEY": key])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains(message), "\(result)")
        #expect(!result.stderr.contains(key) && !result.stdout.contains(key), "\(result)")
        // --verbose logs every call: none was made.
        #expect(!result.stderr.contains("POST") && !FileManager.default.fileExists(atPath: workspace.path("context.json")), "\(result)")
    }

    @Test("against a custom URL a sandbox key is not judged")
    func customURL() async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        let result = try await workspace.run(
            ["plan", "--context", workspace.path("context.json"), "--api-url", "http://127.0.0.1:9/v1", "--request-timeout", "1", repositoryPolicies],
            environment: ["BUNQ_API_KEY": "sandbox_0123456789abcdef"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(!result.stderr.contains("sandbox API key"), "\(result)")
    }
}
