import BunqEmulator
import Foundation
import Testing

/// The whole estate through the real executable: cards the policy does not cover, a
/// replaced card followed, another company user's card, against the emulator's demo state.
@Suite("the card estate: unmanaged, replaced and company cards")
struct CardEstateCommandTests {
    static let office = 2_079_100
    static let aliceTravel = 2_079_040

    /// Every live card the demo's changeable estate has, by id, except the office card.
    static let everyCardButOffice = """
        cards:
          - {name: travel, match: {last4: "2290"}, limits: {purchase: 1500 EUR}}
          - {name: groceries, match: {id: 2079050}}
          - {name: shopping, match: {id: 2079060}}

        """

    @Test("unmanaged: error makes drift exit 2 for an undeclared card, even when bunq matches the policy")
    func driftFailsForUndeclaredCards() async throws {
        let workspace = try Workspace(state: .demo())
        try workspace.write("version: 1\nunmanaged: error\n" + Self.everyCardButOffice, to: "policy/cards.yaml")
        let apply = try await workspace.run(["apply", "--auto-approve", "--rate-limits", "off"] + workspace.connection + ["policy"])
        #expect(apply.exitCode == 0, "\(apply)")
        // The entry written for the replaced …2290 changed its successor …8069.
        #expect(try workspace.state().cards.first { $0.id == Self.aliceTravel }?.cardLimit?.value == "1500.00")
        #expect(apply.stdout.contains("card travel (policy/cards.yaml:4:27): …2290 was replaced by …8069; the policy now applies to …8069"), "\(apply)")

        let drift = try await workspace.run(["drift"] + workspace.connection + ["policy"])
        #expect(drift.exitCode == 2, "\(drift)")
        #expect(
            drift.stdoutLines == [
                "Drift: bunq matches the policy, but holds cards the policy does not cover.",
                "",
                "1 card the policy does not cover (`unmanaged: error`: drift fails until each is declared):",
                "  ? …3388 \"Office\" (id 2079100): ACTIVE, purchase 500.00 EUR, atm 100.00 EUR, held by user 2078610 (\"B. Jansen\")"
            ], "\(drift)")
        let json = try await workspace.run(["drift", "--format", "json"] + workspace.connection + ["policy"])
        #expect(json.exitCode == 2, "\(json)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((document["unmanaged"] as? [[String: Any]])?.first?["holder_id"] as? Int == 2_078_610)

        // With the card declared, or with report, drift is clean.
        try workspace.write("version: 1\nunmanaged: report\n" + Self.everyCardButOffice, to: "policy/cards.yaml")
        let reported = try await workspace.run(["drift"] + workspace.connection + ["policy"])
        #expect(reported.exitCode == 0, "\(reported)")
        #expect(reported.stdoutLines.first == "No drift. bunq matches the policy.", "\(reported)")
        try workspace.write(
            "version: 1\nunmanaged: error\n" + Self.everyCardButOffice + "  - {name: office, match: {holder: 2078610}}\n", to: "policy/cards.yaml")
        let declared = try await workspace.run(["drift"] + workspace.connection + ["policy"])
        #expect(declared.exitCode == 0, "\(declared)")
        #expect(declared.stdout == "No drift. bunq matches the policy.\n", "\(declared)")
    }

    @Test("a company card: planned when named by holder; bunq's refusal is an error for that card")
    func employeeCardRefused() async throws {
        var state = EmulatorState.demo()
        state.options.employeeCardChanges = .refuse
        let workspace = try Workspace(state: state)
        let policy = try workspace.write("version: 1\ncards:\n  - {name: office, match: {holder: 2078610}, limits: {atm: 50 EUR}}\n", to: "office.yaml")
        let apply = try await workspace.run(["apply", "--auto-approve", "--rate-limits", "off"] + workspace.connection + [policy])
        #expect(apply.exitCode == 1, "\(apply)")
        #expect(apply.stdout.contains("~ card office (…3388 \"Office\", held by user 2078610)"), "\(apply)")
        #expect(
            apply.stderr.contains("card office (…3388 \"Office\", held by user 2078610): bunq answered 403 Forbidden to PUT /user/2078600/card/2079100"),
            "\(apply)")
        #expect(apply.stderr.contains("another user of the company"), "\(apply)")
        #expect(try workspace.state().cards.first { $0.id == Self.office }?.cardLimitAtm?.value == "100.00")

        // Where bunq lets the owner change it, the same apply goes through.
        try workspace.changeState { $0.options.employeeCardChanges = .allow }
        let allowed = try await workspace.run(["apply", "--auto-approve", "--rate-limits", "off"] + workspace.connection + [policy])
        #expect(allowed.exitCode == 0, "\(allowed)")
        #expect(try workspace.state().cards.first { $0.id == Self.office }?.cardLimitAtm?.value == "50.00")
    }

    @Test("export writes every changeable card, the company card by id; a plan of it is clean and lists nothing unmanaged")
    func exportCoversTheEstate() async throws {
        let workspace = try Workspace(state: .demo())
        let export = try await workspace.run(["export", "--out", "exported"] + workspace.connection)
        #expect(export.exitCode == 0, "\(export)")
        let plan = try await workspace.run(["plan", "--detailed-exitcode"] + workspace.connection + ["exported"])
        #expect(plan.exitCode == 0, "\(plan)")
        #expect(plan.stdoutLines == ["No changes. bunq matches the policy.", "Plan: 0 actions: 0 to add, 0 to change, 0 to remove."], "\(plan)")
    }
}
