import Foundation
import PolicyModel
import Testing

@testable import Reconciler

/// What plan JSON carries for machines: structured `before`/`after` per kind of field, each
/// request body parsed next to its bytes, and the guards each action needs.
@Suite("plan JSON for machines")
struct PlanMachineJSONTests {
    /// The rendered document, read back as plain JSON the way a CI job's `jq` sees it.
    static func document(_ plan: Plan) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(PlanJSON.render(plan).utf8)) as? [String: Any])
    }

    static func actions(_ document: [String: Any]) throws -> [[String: Any]] {
        try #require(document["actions"] as? [[String: Any]])
    }

    static func change(_ document: [String: Any], _ field: String, of action: String? = nil) throws -> [String: Any] {
        let changes = try actions(document).filter { action == nil || $0["id"] as? String == action }
            .flatMap { ($0["changes"] as? [[String: Any]]) ?? [] }
        return try #require(changes.first { $0["field"] as? String == field }, "no change of \(field)")
    }

    static func json(_ value: Any?) throws -> String {
        let value = try #require(value)
        let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    @Test func everyBodyJSONIsItsBodyParsed() throws {
        // The golden plan has every kind of action and a card batch.
        let plans = [try RendererGoldenTests.plan()]
        var checked = 0
        for plan in plans {
            let document = try Self.document(plan)
            let batches = try #require(document["card_batches"] as? [[String: Any]])
            for request in try Self.actions(document).map({ $0["request"] }) + batches.map({ $0["request"] }) {
                let request = try #require(request as? [String: Any])
                guard let body = request["body"] as? String else {
                    #expect(request["body_json"] == nil, "a request without a body has no body_json")
                    continue
                }
                let parsed = try JSONSerialization.jsonObject(with: Data(body.utf8))
                #expect(try Self.json(request["body_json"]) == Self.json(parsed))
                checked += 1
            }
        }
        #expect(checked > 5)
        #expect(try Self.document(plans[0])["card_batches"].map { ($0 as? [Any])?.isEmpty == false } == true)
    }

    @Test func changesCarryStructuredValuesNextToTheirText() throws {
        let document = try Self.document(try RendererGoldenTests.plan())
        let limit = try Self.change(document, "limits.purchase", of: "card/alice")
        #expect(try Self.json(limit["after"]) == #"{"currency":"EUR","value":"2500.00"}"#)
        #expect(limit["after_text"] as? String == "2500.00 EUR")
        let countries = try Self.change(document, "countries")
        #expect(try Self.json(countries["after"]) == #"[{"country":"NL"},{"country":"US","until":"2026-12-31T23:59:59Z"}]"#)
        #expect(countries["after_text"] as? String == "NL, US until 2026-12-31")
        let fallback = try Self.change(document, "fallback_account")
        #expect(try Self.json(fallback["after"]) == #"{"description":"Main","iban":"NL91ABNA0417164300","id":100}"#)
        let status = try Self.change(document, "status")
        #expect(status["before"] as? String == "ACTIVE" && status["after"] as? String == "CANCELLED")
        let cvc2 = try Self.change(document, "cvc2")
        #expect(cvc2["before"] as? String == "STATIC" && cvc2["after"] as? String == "GENERATED")
        let filter = try Self.change(document, "CARD_TRANSACTION_FAILED")
        #expect(try Self.json(filter["after"]) == #"{"category":"CARD_TRANSACTION_FAILED","target":"https://hooks.example.com/cards"}"#)
        #expect(filter["before"] == nil)
        let removedFilter = try Self.change(document, "PAYMENT")
        #expect(try Self.json(removedFilter["before"]) == #"{"category":"PAYMENT","target":"https://hooks.example.com/payments"}"#)
        let chains = try Self.actions(document).filter { $0["kind"] as? String != "update_card" }
            .flatMap { ($0["changes"] as? [[String: Any]]) ?? [] }.filter { ($0["field"] as? String)?.hasPrefix("certificate_chain") == true }
        let pinned = try #require(chains.compactMap { $0["after"] as? [String: Any] }.first)
        #expect((pinned["sha256"] as? String)?.count == 64 && pinned["subject"] is String)
        let unpinned = try #require(chains.compactMap { $0["before"] as? [String: Any] }.first)
        #expect(try Self.json(unpinned) == #"{"sha256":"aa","subject":"CN=old.example.com"}"#)
    }

    @Test func aValueNotKnownHasTextButNoStructuredValue() throws {
        // A fallback of none: the text says so, and `after` is left out rather than null.
        let none = try Self.document(try makePlan("cards:\n  - {name: alice, match: {id: 10}, fallback_account: none}\n"))
        let fallback = try Self.change(none, "fallback_account")
        #expect(fallback["after"] == nil && fallback["after_text"] as? String == "none")
        #expect(try Self.json(fallback["before"]) == #"{"description":"Buffer","iban":"NL02BUNQ2025000101","id":101}"#)
        // An expiry the ledger does not know: the country is there without `until`, and the note says why.
        let unknown = try Self.document(try makePlan("cards:\n  - {name: alice, match: {id: 10}, countries: [NL, {country: US, until: 2026-12-31}]}\n"))
        let countries = try Self.change(unknown, "countries")
        #expect(try Self.json(countries["before"]) == #"[{"country":"NL"},{"country":"DE"}]"#)
        #expect(countries["note"] is String)
        // An account without an IBAN leaves the IBAN out.
        let card = try Self.document(try makePlan("cards:\n  - {name: bob, match: {id: 11}, fallback_account: 102}\n"))
        #expect(try Self.json(Self.change(card, "fallback_account")["after"]) == #"{"description":"Card","id":102}"#)
    }

    @Test func texts() throws {
        let plan = try Self.document(try makePlan("cards:\n  - {name: alice, match: {id: 10}, second_line: Alice Trips}\n"))
        let change = try Self.change(plan, "second_line")
        #expect(change["before"] as? String == "Alice Travel" && change["after"] as? String == "Alice Trips")
        #expect(change["after_text"] as? String == "\"Alice Trips\"")
    }

    @Test func guardsFollowTheActionsFlags() throws {
        let document = try Self.document(try RendererGoldenTests.plan())
        let guards = Dictionary(uniqueKeysWithValues: try Self.actions(document).map { ($0["id"] as! String, $0["guards"] as? [String]) })
        #expect(guards["card/bob"] == ["--allow-irreversible"])
        #expect(guards["card/alice"] == [])
        let reprint = try Self.document(try makePlan("cards:\n  - {name: alice, match: {id: 10}, second_line: Alice Trips}\n"))
        #expect(try Self.actions(reprint).first?["guards"] as? [String] == ["--allow-reprint"])
        var action = try #require(try makePlan("cards:\n  - {name: alice, match: {id: 10}, limits: {atm: 0 EUR}}\n").actions.first)
        action.protectedBy = ["frozen"]
        #expect(action.guards == [.protected])
    }

    @Test func aPlanReadBackIsThePlanWritten() throws {
        // The derived keys are ignored when read, and every stored member is written: a member
        // the encoder forgot would not come back.
        for plan in [try RendererGoldenTests.plan()] {
            var withRules = plan
            withRules.actions[0].protectedBy = ["frozen"]
            withRules.actions[0].rules = ["frozen", "max-limit"]
            withRules = withRules.sealed()
            for original in [plan, withRules] {
                let read = try PlanJSON.decode(Data(PlanJSON.render(original).utf8))
                #expect(read == original)
                #expect(read.idMatchesActions)
            }
        }
    }

    @Test func everyStoredMemberOfAnActionIsWritten() throws {
        // The action's encoder lists its members by hand (to add `guards`): one added to the
        // type but not to the encoder would be lost from saved plans and from the plan id.
        var action = try #require(try RendererGoldenTests.plan().actions.first { $0.ledger != nil })
        action.reprint = true
        action.protectedBy = ["frozen"]
        action.rules = ["frozen"]
        let encoder = JSONEncoder()
        encoder.userInfo[.planDerivedKeys] = true
        let written = try #require(
            try JSONSerialization.jsonObject(with: encoder.encode(action)) as? [String: Any])
        #expect(written.count == Mirror(reflecting: action).children.count + 1)
        let request = try #require(
            try JSONSerialization.jsonObject(with: encoder.encode(action.request)) as? [String: Any])
        #expect(request.count == Mirror(reflecting: action.request).children.count + 1)
    }

    @Test func theStructuredValuesArePartOfThePlanIdAndTheDerivedKeysFollowWhatIs() throws {
        var plan = try makePlan("cards:\n  - {name: alice, match: {id: 10}, limits: {atm: 0 EUR}}\n")
        var edited = plan
        edited.actions[0].changes[0].afterValue = .amount(eur("1.00"))
        #expect(!edited.idMatchesActions)
        // What guards and body_json follow from is under the id: a guard cannot be edited away.
        edited = plan
        edited.actions[0].irreversible = true
        #expect(!edited.idMatchesActions)
        plan.actions[0].request.body = "{}"
        #expect(!plan.idMatchesActions)
    }
}
