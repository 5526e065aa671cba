import BunqEmulator
import Foundation
import Testing

/// Reads are few: cards are listed 200 at a time following `older_url`, one
/// call per other list, and never one GET per card. Counted from `--verbose`, which logs
/// every bunq call the client makes (method, path, status, duration, request id).
@Suite("read counts")
struct ReadCountTests {
    /// One `--verbose` line: `… [BunqAPI] GET /user/1/card?count=200 → 200 OK in 3.1 ms, request id …-a1`.
    struct LoggedCall {
        let method: String
        let path: String
        let status: Int

        /// The path without its query, ids replaced by `{id}`: `/user/{id}/card/{id}`.
        var template: String {
            let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
            return bare.split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.allSatisfy(\.isNumber) && !$0.isEmpty ? "{id}" : String($0) }
                .joined(separator: "/")
        }

        static let pattern = #/\[BunqAPI\] (GET|POST|PUT|DELETE) (\S+) → (\d{3}) [^\n]* in [0-9.]+ ms, request id [0-9a-f-]+-a[0-9]+$/#

        static func parse(_ stderr: String) -> [LoggedCall] {
            stderr.split(separator: "\n").compactMap { line in
                guard let match = try? pattern.firstMatch(in: String(line)) else { return nil }
                return LoggedCall(method: String(match.1), path: String(match.2), status: Int(match.3)!)
            }
        }
    }

    @Test(
        "N cards: ⌈N/200⌉ card-list GETs, one GET per other list, no per-card GET, no write",
        arguments: [450, 400])
    func cardListing(cardCount: Int) async throws {
        let workspace = try Workspace(state: .generated(cards: cardCount, seed: 99))
        // The export reads every scope; its policy makes plan read every kind of list too.
        let export = try await workspace.run(["export", "--out", "exported"] + workspace.connection)
        #expect(export.exitCode == 0, "\(export)")

        let plan = try await workspace.run(["plan", "--verbose"] + workspace.connection + ["exported"])
        #expect(plan.exitCode == 0, "\(plan)")
        let calls = LoggedCall.parse(plan.stderr)
        // Every call is logged; the context was saved by the export, so this run makes none.
        #expect(!calls.isEmpty, "no call lines in --verbose output:\n\(plan.stderr)")
        #expect(calls.allSatisfy { $0.method == "GET" && $0.status == 200 }, "\(calls.map { "\($0.method) \($0.path) \($0.status)" })")

        let cardLists = calls.filter { $0.template == "/user/{id}/card" }
        let expectedPages = (cardCount + 199) / 200
        #expect(cardLists.count == expectedPages, "\(cardLists.map(\.path))")
        #expect(cardLists.allSatisfy { $0.path.contains("count=200") }, "\(cardLists.map(\.path))")
        #expect(calls.filter { $0.template == "/user/{id}/card/{id}" }.isEmpty, "per-card GETs: \(calls.map(\.path))")

        var perTemplate: [String: Int] = [:]
        for call in calls where call.template != "/user/{id}/card" { perTemplate[call.template, default: 0] += 1 }
        #expect(
            perTemplate == [
                "/user/{id}/monetary-account": 1,
                "/user/{id}/certificate-pinned": 1,
                "/user/{id}/notification-filter-url": 1,
                "/user/{id}/notification-filter-push": 1,
                "/user/{id}/notification-filter-email": 1,
                // One per account scope the export wrote (the demo's three accounts).
                "/user/{id}/monetary-account/{id}/notification-filter-url": 3
            ], "\(perTemplate)")
    }

    @Test("only the lists the policy needs: a cards-only policy reads cards and accounts")
    func cardsOnlyPolicy() async throws {
        let workspace = try Workspace(state: .generated(cards: 450, seed: 5))
        let policy = try workspace.write(
            """
            version: 1
            card_groups:
              - name: no-cash-on-maestro
                match: {type: MAESTRO}
                limits: {atm: 0 EUR}
            """, to: "policy.yaml")
        let plan = try await workspace.run(["plan", "--verbose", "--detailed-exitcode"] + workspace.connection + [policy])
        #expect(plan.exitCode == 2, "\(plan)")
        let reads = LoggedCall.parse(plan.stderr).filter { $0.method == "GET" }
        #expect(reads.filter { $0.template == "/user/{id}/card" }.count == 3, "\(reads.map(\.path))")
        #expect(Set(reads.map(\.template)) == ["/user/{id}/card", "/user/{id}/monetary-account"], "\(reads.map(\.path))")
        #expect(reads.filter { $0.template == "/user/{id}/monetary-account" }.count == 1)
    }
}
