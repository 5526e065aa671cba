import BunqEmulator
import Foundation
import Testing

/// `--target` and `--exclude` through the real executable: a partial plan says so, keeps what
/// the whole policy merges to, batches only what it keeps, and a saved plan applies in part.
@Suite("targeted plans and applies")
struct TargetCommandTests {
    static let aliceTravel = 2_079_040
    static let officeGroceries = 2_079_050

    @Test("--target a card entry: only its card's actions, marked partial, with an id of its own")
    func cardEntry() async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        let whole = try await workspace.run(["plan", "--format", "json"] + workspace.connection + ["policies"])
        let partial = try await workspace.run(["plan", "--target", "alice-travel"] + workspace.connection + ["policies"])
        #expect(partial.exitCode == 0, "\(partial)")
        #expect(partial.stdoutLines.first == "This plan is partial: only --target alice-travel (4 actions left out).", "\(partial)")
        #expect(partial.stdout.contains("~ card alice-travel (…8069 \"Alice Travel\")"), "\(partial)")
        #expect(partial.stdout.contains("~ cvc2: STATIC → GENERATED"), "\(partial)")
        #expect(!partial.stdout.contains("office-groceries"), "\(partial)")
        #expect(!partial.stdout.contains("pinned chain"), "\(partial)")
        #expect(!partial.stdout.contains("notifications.url"), "\(partial)")

        let json = try await workspace.run(["plan", "--format", "json", "--target", "alice-travel"] + workspace.connection + ["policies"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let targeting = try #require(document["targeting"] as? [String: Any])
        #expect(targeting["targets"] as? [String] == ["alice-travel"])
        #expect(targeting["actions_left_out"] as? Int == 4)
        #expect((document["actions"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["card/alice-travel", "card/alice-travel/cvc2"])
        let wholeDocument = try #require(try JSONSerialization.jsonObject(with: Data(whole.stdout.utf8)) as? [String: Any])
        #expect(wholeDocument["targeting"] == nil)
        #expect(wholeDocument["plan_id"] as? String != document["plan_id"] as? String)

        let markdown = try await workspace.run(["plan", "--format", "markdown", "--target", "alice-travel"] + workspace.connection + ["policies"])
        #expect(markdown.stdout.contains("> This plan is partial: only --target alice-travel (4 actions left out)."), "\(markdown)")
    }

    @Test("certificates, a notification scope and --exclude; an action id works as is")
    func otherNames() async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        let chains = try await workspace.run(["plan", "--target", "certificates", "--target", "notifications.url"] + workspace.connection + ["policies"])
        #expect(chains.exitCode == 0, "\(chains)")
        #expect(chains.stdoutLines.first == "This plan is partial: only --target certificates --target notifications.url (3 actions left out).", "\(chains)")
        #expect(chains.stdout.contains("+ pinned chain webhooks") && chains.stdout.contains("- pinned chain 2079080"), "\(chains)")
        #expect(chains.stdout.contains("~ notifications.url") && !chains.stdout.contains("~ card "), "\(chains)")

        let excluded = try await workspace.run(
            ["plan", "--target", "alice-travel", "--target", "card/office-groceries", "--exclude", "card/alice-travel/cvc2"] + workspace.connection + [
                "policies"
            ])
        #expect(excluded.exitCode == 0, "\(excluded)")
        #expect(excluded.stdout.contains("~ card office-groceries") && excluded.stdout.contains("~ limits.purchase: 1000.00 EUR → 2500.00 EUR"), "\(excluded)")
        #expect(!excluded.stdout.contains("~ cvc2:"), "\(excluded)")
        #expect(excluded.stdout.contains("(4 actions left out)"), "\(excluded)")

        let drift = try await workspace.run(["drift", "--exclude", "notifications", "--exclude", "certificates"] + workspace.connection + ["policies"])
        #expect(drift.exitCode == 2, "\(drift)")
        #expect(drift.stdoutLines.first == "This plan is partial: only --exclude notifications --exclude certificates (3 actions left out).", "\(drift)")
    }

    @Test("a name that names nothing is an error listing the names, with a hint")
    func unknownName() async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        let result = try await workspace.run(["plan", "--target", "alice-travl"] + workspace.connection + ["policies"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(
            result.stderr.contains(
                "--target alice-travl: no card entry, card group, certificates, notification scope or action has this name (did you mean 'alice-travel'?)"),
            "\(result)")
        #expect(result.stderr.contains("certificates, maestro-eu-only, no-cash-for-virtual, notifications, notifications.accounts.2078781.url"), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test("a group target means the cards the group matches, and each still gets what its entry overrides")
    func groupTarget() async throws {
        let workspace = try Workspace(state: .demo())
        let policy = try workspace.write(
            """
            version: 1
            unmanaged: ignore
            card_groups:
              - {name: travel-atm, match: {last4: "8069"}, limits: {atm: 10 EUR}}
              - {name: office-atm, match: {last4: "4417"}, limits: {atm: 20 EUR}}
            cards:
              - {name: alice-travel, match: {id: \(Self.aliceTravel)}, limits: {atm: 50 EUR}}

            """, to: "policy.yaml")
        let plan = try await workspace.run(["plan", "--target", "travel-atm"] + workspace.connection + [policy])
        #expect(plan.exitCode == 0, "\(plan)")
        #expect(plan.stdout.contains("~ limits.atm: 250.00 EUR → 50.00 EUR"), "\(plan)")
        #expect(!plan.stdout.contains("20.00 EUR"), "\(plan)")
        #expect(plan.stdoutLines.first == "This plan is partial: only --target travel-atm (1 action left out).", "\(plan)")
    }

    @Test("apply --target writes only the targeted card; the rest stays for the next apply")
    func applyTarget() async throws {
        let workspace = try PlanCommandTests.demoWorkspace()
        let chainsBefore = try workspace.state().certificatePins.count
        let apply = try await workspace.run(
            ["apply", "--auto-approve", "--rate-limits", "off", "--target", "alice-travel"] + workspace.connection + ["policies"])
        #expect(apply.exitCode == 0, "\(apply)")
        #expect(apply.stdout.contains("This plan is partial: only --target alice-travel (4 actions left out)."), "\(apply)")
        #expect(apply.stdout.contains("Apply complete: 2 changes made and verified"), "\(apply)")
        let state = try workspace.state()
        #expect(state.cards.first { $0.id == Self.aliceTravel }?.cardLimit?.value == "2500.00")
        #expect(state.cards.first { $0.id == Self.officeGroceries }?.cardLimit?.value == "500.00")
        #expect(state.certificatePins.count == chainsBefore)

        let rest = try await workspace.run(["plan"] + workspace.connection + ["policies"])
        #expect(!rest.stdout.contains("alice-travel") && rest.stdout.contains("office-groceries"), "\(rest)")
        #expect(rest.stdout.contains("1 to add, 2 to change, 1 to remove"), "\(rest)")
    }

    @Test("batches hold only targeted cards; a saved plan's batch split by --target goes as PUTs")
    func batchesAndSavedPlans() async throws {
        let workspace = try Workspace(state: .generated(cards: 40, seed: 7))
        let (policy, ids) = try FleetApplyCommandTests.fleet(workspace, 4)
        let user = try workspace.state().user.id
        let three = try await workspace.run(
            ["plan", "--format", "json", "--target", "c\(ids[0])", "--target", "c\(ids[1])", "--target", "c\(ids[2])"] + workspace.connection + [policy])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(three.stdout.utf8)) as? [String: Any])
        let batches = try #require(document["card_batches"] as? [[String: Any]])
        #expect(batches.count == 1 && (batches[0]["action_ids"] as? [String]) == ids.prefix(3).map { "card/c\($0)" }, "\(three)")
        let batchBody = try #require((batches[0]["request"] as? [String: Any])?["body"] as? String)
        #expect(!batchBody.contains("\(ids[3])"), "\(batchBody)")

        let saved = workspace.path("plan.json")
        #expect(try await workspace.run(["plan", "--out", saved] + workspace.connection + [policy]).exitCode == 0)
        let unknown = try await workspace.run(["apply", "--plan", saved, "--target", "c1"] + workspace.connection)
        #expect(unknown.exitCode == 1 && unknown.stderr.contains("--target c1: no card entry"), "\(unknown)")

        let one = try await workspace.run(["apply", "--plan", saved, "--target", "c\(ids[0])", "--verbose", "--rate-limits", "off"] + workspace.connection)
        #expect(one.exitCode == 0, "\(one)")
        #expect(one.stdout.contains("This plan is partial: only --target c\(ids[0]) (3 actions left out)."), "\(one)")
        #expect(one.stderr.contains("PUT /user/\(user)/card/\(ids[0])"), "\(one)")
        #expect(!one.stderr.contains("card-batch"), "\(one)")
        var state = try workspace.state()
        #expect(state.cards.first { $0.id == ids[0] }?.cardLimitAtm?.value == "7.00")
        #expect(state.cards.filter { ids.dropFirst().contains($0.id) }.allSatisfy { $0.cardLimitAtm?.value != "7.00" })

        // The rest of the reviewed plan: its batch was split, so its cards go as PUTs.
        let rest = try await workspace.run(["apply", "--plan", saved, "--verbose", "--rate-limits", "off"] + workspace.connection)
        #expect(rest.exitCode == 0, "\(rest)")
        #expect(rest.stdout.contains("Apply complete: 3 changes made and verified") && rest.stdout.contains("(1 already done earlier)"), "\(rest)")
        #expect(!rest.stderr.contains("POST /user/\(user)/card-batch"), "\(rest)")
        state = try workspace.state()
        #expect(state.cards.filter { ids.contains($0.id) }.allSatisfy { $0.cardLimitAtm?.value == "7.00" })
    }
}
