import BunqEmulator
import Foundation
import Testing

/// `cardpolicy export`: policy files for the live state such that a plan of them is empty.
@Suite("export")
struct ExportCommandTests {
    /// Cards a policy can match: not cancelled, expired, lost, stolen or replaced.
    static func matchableCards(_ state: EmulatorState) -> [Card] {
        state.cards.filter { !["CANCELLED", "EXPIRED", "LOST", "STOLEN"].contains($0.status) && $0.subStatus != "REPLACED" }
    }

    @Test("demo state: the files, then plan of them reports no changes (exit 0 with --detailed-exitcode)")
    func demo() async throws {
        let workspace = try Workspace(state: .demo())
        let export = try await workspace.run(["export", "--out", "exported"] + workspace.connection)
        #expect(export.exitCode == 0, "\(export)")
        #expect(
            export.stdoutLines == [
                "wrote exported/cards.yaml",
                "wrote exported/certs/pinned-2079080.pem",
                "wrote exported/certificates.yaml",
                "wrote exported/notifications.yaml",
                "Exported 4 cards, 1 pinned chain and 6 notification scopes."
            ], "\(export)")
        let cards = try String(contentsOfFile: workspace.path("exported/cards.yaml"), encoding: .utf8)
        for id in Self.matchableCards(.demo()).map(\.id) { #expect(cards.contains("match: {id: \(id)}"), "card \(id) not exported") }
        // Cards that cannot change are listed as comments, never as entries.
        #expect(cards.contains("#   2079020 …5531 \"Old Travel\": it is CANCELLED"))
        #expect(!cards.contains("match: {id: 2079020}"))
        // A replaced card names its successor; another company user's card is an entry by id.
        #expect(cards.contains("#   2079030 …2290 \"Alice Travel\": it was replaced by …8069 (id 2079040)"))
        #expect(cards.contains("MAESTRO MAESTRO_DEBIT, held by user 2078610\n  - name: office\n    match: {id: 2079100}"))
        let pem = try String(contentsOfFile: workspace.path("exported/certs/pinned-2079080.pem"), encoding: .utf8)
        #expect(pem == EmulatorState.demoCertificatePEM.trimmingCharacters(in: .newlines) + "\n")

        let plan = try await workspace.run(["plan", "--detailed-exitcode"] + workspace.connection + ["exported"])
        #expect(plan.exitCode == 0, "\(plan)")
        #expect(plan.stdoutLines == ["No changes. bunq matches the policy.", "Plan: 0 actions: 0 to add, 0 to change, 0 to remove."], "\(plan)")
    }

    @Test("a generated 500-card state: export, then plan reports no changes; a later edit drifts")
    func generated500() async throws {
        let state = EmulatorState.generated(cards: 500, seed: 20_261_121)
        let workspace = try Workspace(state: state)
        let export = try await workspace.run(["export", "--out", "exported"] + workspace.connection)
        #expect(export.exitCode == 0, "\(export)")
        let matchable = Self.matchableCards(state)
        #expect(matchable.count > 400 && matchable.count < 500, "the generator should leave some cards unmatchable")
        #expect(export.stdoutLines.last == "Exported \(matchable.count) cards, 1 pinned chain and 6 notification scopes.", "\(export)")

        let plan = try await workspace.run(["plan", "--detailed-exitcode"] + workspace.connection + ["exported"])
        #expect(plan.exitCode == 0, "\(plan)")
        #expect(plan.stdoutLines.last == "Plan: 0 actions: 0 to add, 0 to change, 0 to remove.", "\(plan)")

        // Countries compare as sets: reordering in bunq is no drift, an added one is.
        let target = try #require(matchable.first { $0.countryPermission.count >= 2 })
        try workspace.changeState { state in
            let index = try #require(state.cards.firstIndex { $0.id == target.id })
            state.cards[index].countryPermission.reverse()
        }
        let reordered = try await workspace.run(["drift"] + workspace.connection + ["exported"])
        #expect(reordered.exitCode == 0, "\(reordered)")
        try workspace.changeState { state in
            let index = try #require(state.cards.firstIndex { $0.id == target.id })
            state.cards[index].countryPermission.append(CountryPermission(id: 9_999_999, country: "JP"))
        }
        let drift = try await workspace.run(["drift"] + workspace.connection + ["exported"])
        #expect(drift.exitCode == 2, "\(drift)")
        #expect(drift.stdout.contains("\"\(target.secondLine)\")"), "\(drift)")
        #expect(drift.stdout.contains("    ~ countries: "), "\(drift)")
        #expect(drift.stdoutLines.last == "Plan: 1 action, changing 1 card: 0 to add, 1 to change, 0 to remove.", "\(drift)")
    }

    @Test("expiries from the ledger come back as `until`, and the plan of the export stays empty")
    func ledgerExpiry() async throws {
        let workspace = try Workspace(state: .demo())
        // What apply records after sending US with an expiry to the virtual card.
        try workspace.write(
            """
            {"format_version": 1, "cards": {"2079060": {"country_expiry": {"US": "2030-06-30 23:59:59.000000"},
             "updated_at": "2026-01-01T00:00:00Z"}}}
            """, to: "ledger.json")
        let export = try await workspace.run(["export", "--out", "exported"] + workspace.connection)
        #expect(export.exitCode == 0, "\(export)")
        let cards = try String(contentsOfFile: workspace.path("exported/cards.yaml"), encoding: .utf8)
        #expect(cards.contains("countries: [NL, {country: US, until: \"2030-06-30\"}]"), "\(cards)")

        let plan = try await workspace.run(["plan", "--detailed-exitcode"] + workspace.connection + ["exported"])
        #expect(plan.exitCode == 0, "\(plan)")
        #expect(plan.stdoutLines.last == "Plan: 0 actions: 0 to add, 0 to change, 0 to remove.", "\(plan)")
    }

    @Test("refuses a non-empty --out directory and leaves it untouched")
    func refusesNonEmptyDirectory() async throws {
        let workspace = try Workspace(state: .demo())
        let existing = try workspace.write("version: 1\n# mine\n", to: "mine/cards.yaml")
        let result = try await workspace.run(["export", "--out", "mine"] + workspace.connection)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("mine is not empty"), "\(result)")
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "version: 1\n# mine\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path("mine")) == ["cards.yaml"])

        // An existing empty directory is fine.
        try FileManager.default.createDirectory(atPath: workspace.path("empty"), withIntermediateDirectories: false)
        let intoEmpty = try await workspace.run(["export", "--out", "empty"] + workspace.connection)
        #expect(intoEmpty.exitCode == 0, "\(intoEmpty)")
    }
}
