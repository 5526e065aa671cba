import Foundation
import PolicyModel
import Testing

@testable import Reconciler

/// The plan as users see it, in each format, kept as files: a change to a renderer shows in
/// review as a diff of what users will read. To accept a deliberate change, regenerate them:
///
///     CARDPOLICY_UPDATE_GOLDEN=1 swift test --filter RendererGoldenTests
@Suite("renderers against golden files")
struct RendererGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let updating = ProcessInfo.processInfo.environment["CARDPOLICY_UPDATE_GOLDEN"] == "1"

    /// One plan with every kind of action, a conflict, a replaced card followed and a card
    /// the policy does not cover, the same bytes every run.
    static func plan() throws -> Plan {
        let pem = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("policies/certs/webhooks.pem").path
        var live = estateLive()
        live.pinnedChains = [LivePinnedChain(id: 77, fingerprints: ["aa"], subjects: ["CN=old.example.com"], pem: "")]
        live.notificationScopes = [
            LiveNotificationScope(
                scope: .userURL,
                filters: [
                    LiveNotificationFilter(category: "PAYMENT", target: "https://hooks.example.com/payments")
                ])
        ]
        return try makePlan(
            """
            cards:
              - name: alice
                match: {id: 10}
                limits: {purchase: 2500 EUR, atm: 0 EUR}
                countries: [NL, {country: US, until: 2026-12-31}]
                fallback_account: {description: Main}
              - {name: bob, match: {id: 11}, status: CANCELLED}
              - {name: ads, match: {id: 12}, cvc2: GENERATED}
              - {name: old, match: {id: 13}, status: ACTIVE}
              - {name: carol, match: {last4: "4444"}, limits: {purchase: 800 EUR}}
            card_groups:
              - {name: maestro, match: {type: MAESTRO}, limits: {atm: 50 EUR}}
            certificates:
              - {name: webhooks, file: "\(pem)"}
            notifications:
              url:
                - {category: CARD_TRANSACTION_FAILED, target: "https://hooks.example.com/cards"}
            """, live: live)
    }

    @Test(
        arguments: [
            ("plan.txt", { PlanText.render($0) }),
            ("plan.color.txt", { PlanText.render($0, color: true) }),
            ("plan.md", { PlanMarkdown.render($0) }),
            ("plan.json", { PlanJSON.render($0) })
        ] as [(String, @Sendable (Plan) -> String)])
    func rendering(file: String, render: @Sendable (Plan) -> String) throws {
        let output = render(try Self.plan())
        let url = Self.directory.appendingPathComponent(file)
        if Self.updating {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try output.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(output == golden, "\(file) differs from its golden file; if the change is meant, regenerate with CARDPOLICY_UPDATE_GOLDEN=1")
    }
}
