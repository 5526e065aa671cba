import Foundation
import PolicyModel
import Testing

@testable import Reconciler

let fixedNow = ISO8601DateFormatter().date(from: "2026-11-21T12:00:00Z")!

func eur(_ value: String) -> PolicyAmount { PolicyAmount(value: Decimal(string: value)!, currency: "EUR") }

/// A small live state: two ordinary cards, a virtual one, a cancelled one, three accounts.
func sampleLive() -> LiveState {
    LiveState(
        userId: 1,
        cards: [
            LiveCard(
                id: 10, type: "MASTERCARD", productType: "MASTERCARD_DEBIT", secondLine: "Alice Travel", nameOnCard: "A. SMITH",
                lastFourDigits: ["8069"], status: .active, orderStatus: "DELIVERED_TO_CUSTOMER",
                cardLimit: eur("1000.00"), atmLimit: eur("200.00"), countries: ["NL", "DE"], fallbackAccountId: 101,
                primaryAccountId: 100, cvc2Type: "STATIC"),
            LiveCard(
                id: 11, type: "MAESTRO", secondLine: "Bob Daily", nameOnCard: "B. JONES", lastFourDigits: ["1111"],
                status: .active, orderStatus: "DELIVERED_TO_CUSTOMER", cardLimit: eur("500"), atmLimit: eur("100"),
                countries: ["NL"], primaryAccountId: 100),
            LiveCard(
                id: 12, type: "MASTERCARD", secondLine: "Virtual Ads", nameOnCard: "ACME", lastFourDigits: ["2222"],
                status: .active, orderStatus: "VIRTUAL_DELIVERY", cardLimit: eur("300"), atmLimit: eur("50"),
                countries: ["NL"], primaryAccountId: 100),
            LiveCard(
                id: 13, type: "MASTERCARD", secondLine: "Old Card", nameOnCard: "A. SMITH", lastFourDigits: ["3333"],
                status: .cancelled, orderStatus: "DELIVERED_TO_CUSTOMER", cardLimit: eur("100"), atmLimit: eur("0"),
                countries: ["NL"])
        ],
        accounts: [
            LiveAccount(id: 100, description: "Main", iban: "NL91ABNA0417164300"),
            LiveAccount(id: 101, description: "Buffer", iban: "NL02BUNQ2025000101"),
            LiveAccount(id: 102, description: "Card", iban: nil)
        ]
    )
}

func loadPolicy(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Policy {
    let result = PolicyLoader.load(text: "version: 1\n" + yaml, path: "p.yaml", now: fixedNow)
    #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics)", sourceLocation: sourceLocation)
    return try #require(result.policy, sourceLocation: sourceLocation)
}

func makePlan(_ yaml: String, live: LiveState = sampleLive(), ledger: Ledger = Ledger()) throws -> Plan {
    try Planner.plan(policy: try loadPolicy(yaml), live: live, ledger: ledger, now: fixedNow, cardpolicyVersion: "test")
}

func planningErrors(_ yaml: String, live: LiveState = sampleLive()) throws -> [String] {
    do {
        _ = try makePlan(yaml, live: live)
        return []
    } catch let failure as PlanningFailure {
        return failure.diagnostics.map(\.description)
    }
}

func body(_ action: PlanAction?) throws -> [String: Any] {
    let text = try #require(action?.request.body)
    return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}
