import BunqEmulator
import Foundation
import Testing

/// Client-side pacing (DESIGN.md §4) and `--rate-limits off`. The in-process emulator of
/// `--emulator` enforces bunq's limits (3 GETs per 3 s per path template), so 1,000 cards,
/// five card pages, show the difference: paced, no 429 ever; unpaced, the 4th page is refused.
@Suite("pacing")
struct PacingTests {
    static let limitText = "429 Too Many Requests"

    @Test("default pacing: five card pages under bunq's limits without a single 429")
    func pacedByDefault() async throws {
        let workspace = try Workspace(state: .generated(cards: 1000, seed: 11))
        let policy = try workspace.write("version: 1\ncard_groups:\n  - {name: all, match: {type: \"*\"}, limits: {atm: 0 EUR}}\n",
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
        let workspace = try Workspace(state: .generated(cards: 1000, seed: 11))
        let policy = try workspace.write("version: 1\ncard_groups:\n  - {name: all, match: {type: \"*\"}, limits: {atm: 0 EUR}}\n",
                                         to: "policy.yaml")
        let result = try await workspace.run(["plan", "--verbose", "--rate-limits", "off"] + workspace.connection + [policy])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr.contains(Self.limitText), "\(result)")
        let pages = ReadCountTests.LoggedCall.parse(result.stderr).filter { $0.template == "/user/{id}/card" && $0.status == 200 }
        #expect(pages.count == 5, "every page is still read once the window allows: \(result)")
    }
}
