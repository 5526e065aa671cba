import Foundation
import PolicyModel
import Testing

@testable import Reconciler

@Suite("pinned chains and notification filters")
struct ScopeDiffTests {
    static let pemPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("policies/certs/webhooks.pem").path

    func chainPolicy() throws -> Policy {
        try loadPolicy("certificates:\n  - {name: webhooks, file: \"\(Self.pemPath)\"}\n")
    }

    @Test func aNewChainIsPinnedBeforeTheOldOneIsRemoved() throws {
        let policy = try chainPolicy()
        var live = sampleLive()
        live.pinnedChains = [LivePinnedChain(id: 77, fingerprints: ["aa"], subjects: ["CN=old"], pem: "")]
        let plan = try Planner.plan(policy: policy, live: live, ledger: Ledger(), now: fixedNow, cardpolicyVersion: "t")
        #expect(plan.actions.map(\.kind) == [.pinCertificateChain, .unpinCertificateChain])
        #expect(plan.actions[0].request.path == "/user/1/certificate-pinned")
        let chain = try body(plan.actions[0])["certificate_chain"] as? [[String: String]]
        #expect(chain?.count == 2 && chain?.first?["certificate"]?.hasPrefix("-----BEGIN CERTIFICATE-----\n") == true)
        #expect(plan.actions[1].request == PlannedRequest(method: "DELETE", path: "/user/1/certificate-pinned/77", body: nil))
        #expect(plan.summary.delete == 1 && plan.summary.create == 1)
    }

    @Test func aPinnedChainWithTheSameFingerprintsIsInSync() throws {
        let policy = try chainPolicy()
        let chain = try #require(policy.certificates?.first)
        var live = sampleLive()
        live.pinnedChains = [LivePinnedChain(id: 5, fingerprints: chain.certificates.map(\.fingerprint), subjects: [], pem: "")]
        let plan = try Planner.plan(policy: policy, live: live, ledger: Ledger(), now: fixedNow, cardpolicyVersion: "t")
        #expect(plan.actions.isEmpty)
    }

    @Test func noCertificatesKeyLeavesPinsAlone() throws {
        var live = sampleLive()
        live.pinnedChains = [LivePinnedChain(id: 5, fingerprints: ["x"], subjects: [], pem: "")]
        #expect(try makePlan("cards: []\n", live: live).actions.isEmpty)
        #expect(try makePlan("certificates: []\n", live: live).actions.map(\.kind) == [.unpinCertificateChain])
    }

    @Test func aFilterScopeIsReplacedWholeAndOnlyWhenItDiffers() throws {
        var live = sampleLive()
        live.notificationScopes = [
            LiveNotificationScope(
                scope: .userURL,
                filters: [
                    LiveNotificationFilter(category: "PAYMENT", target: "https://a.example/p"),
                    LiveNotificationFilter(category: "MUTATION", target: "https://a.example/m")
                ])
        ]
        let same = try makePlan(
            "notifications:\n  url:\n    - {category: MUTATION, target: \"https://a.example/m\"}\n    - {category: PAYMENT, target: \"https://a.example/p\"}\n",
            live: live)
        #expect(same.actions.isEmpty)
        let plan = try makePlan(
            "notifications:\n  url:\n    - {category: MUTATION, target: \"https://a.example/m\"}\n    - {category: BILLING, target: \"https://a.example/b\"}\n",
            live: live)
        let action = try #require(plan.actions.first)
        #expect(action.request.path == "/user/1/notification-filter-url")
        #expect(
            action.request.body
                == #"{"notification_filters":[{"category":"MUTATION","notification_target":"https://a.example/m"},{"category":"BILLING","notification_target":"https://a.example/b"}]}"#
        )
        #expect(
            action.changes == [
                FieldChange(
                    field: "PAYMENT", before: "https://a.example/p", after: nil,
                    beforeValue: .object(["category": .string("PAYMENT"), "target": .string("https://a.example/p")])),
                FieldChange(
                    field: "BILLING", before: nil, after: "https://a.example/b",
                    afterValue: .object(["category": .string("BILLING"), "target": .string("https://a.example/b")]))
            ])
        let cleared = try makePlan("notifications:\n  url: []\n  push: []\n  accounts:\n    100:\n      url: []\n", live: live)
        #expect(cleared.actions.map(\.request.path) == ["/user/1/notification-filter-url"])
        #expect(cleared.actions.first?.request.body == #"{"notification_filters":[]}"#)
    }
}

@Suite("renderers and export")
struct RenderAndExportTests {
    func richPlan() throws -> Plan {
        var live = sampleLive()
        live.pinnedChains = [LivePinnedChain(id: 77, fingerprints: ["aa"], subjects: ["CN=old"], pem: "")]
        return try makePlan(
            """
            cards:
              - {name: alice, match: {id: 10}, limits: {purchase: 2500 EUR}, countries: [NL, {country: US, until: 2026-12-31}]}
              - {name: bob, match: {id: 11}, status: CANCELLED}
              - {name: old, match: {id: 13}, status: ACTIVE}
            certificates: []
            """, live: live)
    }

    @Test func textPutsConflictsAndIrreversibleFirstAndSummaryLast() throws {
        let text = PlanText.render(try richPlan())
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "Conflicts: bunq cannot follow the policy here, so apply will not start:")
        let firstAction = try #require(lines.firstIndex { $0.hasPrefix("~ ") || $0.hasPrefix("- ") || $0.hasPrefix("+ ") })
        #expect(lines[firstAction] == "~ card bob (…1111 \"Bob Daily\")  IRREVERSIBLE")
        #expect(text.contains("    ~ limits.purchase: 1000.00 EUR → 2500.00 EUR\n"))
        #expect(text.contains("    ~ countries: NL, DE → NL, US until 2026-12-31\n"))
        #expect(text.contains("    - certificate_chain[0]: CN=old (SHA-256 aa…)\n"))
        #expect(lines.last == "Plan: 3 actions, changing 2 cards: 0 to add, 2 to change, 1 to remove, 1 irreversible, 1 conflict, 1 unmanaged card.")
        #expect(!text.contains("\u{1B}["))
        #expect(PlanText.render(try richPlan(), color: true).contains("\u{1B}[31m"))
    }

    @Test func controlCharactersFromBunqAreNotPrinted() throws {
        var live = sampleLive()
        live.cards[1].secondLine = "Bob\u{1B}[2J"
        let text = PlanText.render(try makePlan("cards:\n  - {name: bob, match: {id: 11}, limits: {atm: 1 EUR}}\n", live: live))
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("Bob?[2J"))
    }

    @Test func jsonRoundTripsAndCarriesTheFormatVersion() throws {
        let plan = try richPlan()
        let json = PlanJSON.render(plan)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["format_version"] as? Int == Plan.currentFormatVersion)
        #expect((object["summary"] as? [String: Int])?["irreversible"] == 1)
        #expect(try PlanJSON.decode(Data(json.utf8)) == plan)
        #expect(PlanJSON.render(plan) == json)
        #expect(throws: PlanFileError.self) { try PlanJSON.decode(Data(#"{"format_version": 99}"#.utf8)) }
    }

    @Test func markdownIsCappedAndSaysWhatWasCut() throws {
        var live = LiveState(userId: 1)
        var yaml = "cards:\n"
        for index in 0..<400 {
            live.cards.append(
                LiveCard(
                    id: index + 1, type: "MAESTRO", secondLine: "Card \(index)", nameOnCard: "X",
                    lastFourDigits: [String(format: "%04d", index)], status: .active, atmLimit: eur("1")))
            yaml += "  - {name: c\(index), match: {id: \(index + 1)}, limits: {atm: 2 EUR}}\n"
        }
        let markdown = PlanMarkdown.render(try makePlan(yaml, live: live), characterBudget: 20_000)
        #expect(markdown.count < 25_000)
        #expect(markdown.contains("| … | 350 more rows not shown |"))
        #expect(markdown.contains("more actions were cut to fit a comment"))
        #expect(markdown.hasPrefix("### cardpolicy plan: 0 to add, 400 to change, 0 to remove\n"))
        let risky = PlanMarkdown.render(try richPlan())
        #expect(risky.contains("> [!WARNING]") && risky.contains("> [!CAUTION]"))
        #expect(risky.contains("| ⛔ conflict | card old (…3333 \"Old Card\") |"))
    }

    @Test func anExportedPolicyPlansToNoChanges() throws {
        var live = sampleLive()
        live.notificationScopes = [
            LiveNotificationScope(scope: .userURL, filters: [LiveNotificationFilter(category: "PAYMENT", target: "https://a.example/p")]),
            LiveNotificationScope(scope: .userPush, filters: []),
            LiveNotificationScope(scope: .accountURL(100), filters: [LiveNotificationFilter(category: "MUTATION", target: "https://a.example/m")])
        ]
        let pem = try String(contentsOfFile: ScopeDiffTests.pemPath, encoding: .utf8)
        let chain = try #require(try ScopeDiffTests().chainPolicy().certificates?.first)
        live.pinnedChains = [LivePinnedChain(id: 9, fingerprints: chain.certificates.map(\.fingerprint), subjects: [], pem: pem)]
        var ledger = Ledger()
        live.cards[0].countries = ["NL", "US"]
        ledger.record(LedgerEntry(cardId: 10, countryExpiry: ["US": "2026-12-31 23:59:59.000000"]), at: fixedNow)

        let directory = NSTemporaryDirectory() + "export-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for file in PolicyExport.files(live, ledger: ledger) {
            let path = directory + "/" + file.path
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try file.contents.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let loaded = PolicyLoader.load(paths: [directory], now: fixedNow)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let policy = try #require(loaded.policy)
        #expect(policy.cards.map(\.name) == ["alice-travel", "bob-daily", "virtual-ads"])
        let plan = try Planner.plan(policy: policy, live: live, ledger: ledger, now: fixedNow, cardpolicyVersion: "t")
        #expect(plan.actions.isEmpty, "\(PlanText.render(plan))")
        #expect(plan.conflicts.isEmpty)
    }

    @Test(arguments: [
        ("Alice Travel", "alice-travel"), ("Ålice's Card!", "alice-s-card"), ("Crème brûlée", "creme-brulee"),
        ("  --", ""), ("Zürich 2", "zurich-2")
    ])
    func exportNamesKeepAccentedLetters(secondLine: String, name: String) {
        #expect(PolicyExport.slug(secondLine) == name)
    }

    @Test func aResumedRotationIsStillARotation() throws {
        let post = PlanAction(
            id: "certificate/new", kind: .pinCertificateChain, resource: "pinned chain new", changes: [],
            target: .pinnedChains, request: PlannedRequest(method: "POST", path: "/user/1/certificate-pinned", body: "{}"),
            irreversible: false, sources: [], liveDigest: "", ledger: nil)
        let delete = PlanAction(
            id: "certificate-pinned/7", kind: .unpinCertificateChain, resource: "pinned chain 7", changes: [],
            target: .pinnedChain(id: 7), request: PlannedRequest(method: "DELETE", path: "/user/1/certificate-pinned/7", body: nil),
            irreversible: false, sources: [], liveDigest: "", ledger: nil)
        let plan = Plan(planId: "p", createdAt: "", cardpolicyVersion: "test", userId: 1, actions: [post, delete], conflicts: [], notes: [])
        // The POST was confirmed by an earlier run; only the DELETE is left.
        #expect(ApplyGuards().blockers(plan: plan, pending: [delete]).isEmpty)
        let removal = Plan(planId: "p", createdAt: "", cardpolicyVersion: "test", userId: 1, actions: [delete], conflicts: [], notes: [])
        #expect(
            ApplyGuards().blockers(plan: removal, pending: [delete])
                == ["1 pinned chain would be removed without a replacement, more than --max-deletes 0: pass --max-deletes 1 to allow it"])
        #expect(ApplyGuards(maxDeletes: 1).blockers(plan: removal, pending: [delete]).isEmpty)
    }
}
