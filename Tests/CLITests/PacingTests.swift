import BunqEmulator
import Foundation
import Testing

/// Client-side pacing and `--rate-limits off`. An emulator enforcing bunq's limits (3 GETs
/// per 3 s per path template) makes the difference visible with 1,000 cards, five card pages:
/// paced, no 429 ever; unpaced, the 4th page is refused. With `--emulator`, `off` switches
/// off the in-process emulator's limits too, so a bulk trial is neither paced nor refused.
@Suite("pacing")
struct PacingTests {
    static let limitText = "429 Too Many Requests"

    @Test("default pacing: five card pages under bunq's limits without a single 429")
    func pacedByDefault() async throws {
        let workspace = try Workspace(state: .generated(cards: 1000, seed: 11))
        let policy = try workspace.write(
            "version: 1\ncard_groups:\n  - {name: all, match: {type: \"*\"}, limits: {atm: 0 EUR}}\n",
            to: "policy.yaml")
        let result = try await workspace.run(["plan", "--verbose"] + workspace.connection + [policy])
        #expect(result.exitCode == 0, "\(result)")
        #expect(!result.stderr.contains(Self.limitText), "\(result)")
        let pages = ReadCountTests.LoggedCall.parse(result.stderr).filter { $0.template == "/user/{id}/card" }
        #expect(pages.count == 5 && pages.allSatisfy { $0.status == 200 }, "\(result)")
        // The 4th page waits for the window: at least ~3 s after the first.
        #expect(result.seconds > 2.5, "\(result)")
    }

    @Test("--rate-limits off: no pacing, so an emulator enforcing bunq's limits answers 429 (and the client still backs off)")
    func unpaced() async throws {
        let workspace = try Workspace()
        let emulator = try await BunqEmulatorServer.start(
            EmulatorConfiguration(port: 0, rateLimits: .bunq),
            state: .generated(cards: 1000, seed: 11))
        let policy = try workspace.write(
            "version: 1\ncard_groups:\n  - {name: all, match: {type: \"*\"}, limits: {atm: 0 EUR}}\n",
            to: "policy.yaml")
        let result = try await workspace.run(
            [
                "plan", "--verbose", "--rate-limits", "off", "--api-url", emulator.baseURL, "--context", workspace.path("context.json"),
                "--state", workspace.ledgerPath, policy
            ],
            environment: ["BUNQ_API_KEY": "cli-test-key"])
        try await emulator.stop()
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr.contains(Self.limitText), "\(result)")
        let pages = ReadCountTests.LoggedCall.parse(result.stderr).filter { $0.template == "/user/{id}/card" && $0.status == 200 }
        #expect(pages.count == 5, "every page is still read once the window allows: \(result)")
    }

    @Test("--emulator with --rate-limits off: the in-process emulator has no limits either, so a bulk apply gets no 429 and no wait")
    func inProcessEmulatorWithoutLimits() async throws {
        let workspace = try Workspace(state: .generated(cards: 40, seed: 11))
        let policy = try workspace.write(
            "version: 1\ncard_groups:\n  - {name: all, match: {type: \"*\"}, limits: {atm: 0 EUR}}\n",
            to: "policy.yaml")
        // One PUT per card, all of them: this is about pacing single writes.
        let result = try await workspace.run(
            ["apply", "--auto-approve", "--no-batch", "--max-changes", "100%", "--verbose", "--rate-limits", "off"] + workspace.connection + [policy])
        #expect(result.exitCode == 0, "\(result)")
        #expect(!result.stderr.contains(Self.limitText), "\(result)")
        // Every call --verbose logged, as (method, status); apply's request ids name the plan.
        let calls = result.stderr.split(separator: "\n").compactMap { line -> (method: String, status: Int)? in
            guard let match = try? #/\[BunqAPI\] (GET|POST|PUT|DELETE) \S+ → (\d{3}) /#.firstMatch(in: String(line)) else { return nil }
            return (String(match.1), Int(match.2)!)
        }
        let puts = calls.filter { $0.method == "PUT" }
        #expect(puts.count >= 20, "\(result)")
        #expect(calls.count > puts.count && calls.allSatisfy { (200..<300).contains($0.status) }, "\(result)")
        // Paced at bunq's 2 PUTs per 3 s, these PUTs alone would take at least this long; a
        // loaded machine (the suite runs its CLI tests side by side) can take half of it.
        let pacedFloor = 3.0 * Double(puts.count / 2 - 1)
        #expect(result.seconds < pacedFloor, "\(puts.count) PUTs in \(result.seconds) s; paced floor \(pacedFloor) s: \(result)")
    }
}
