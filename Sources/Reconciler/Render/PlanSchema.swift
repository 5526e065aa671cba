import Foundation
import PolicyModel

/// The JSON Schema (draft 2020-12) of the plan document `PlanJSON.render` writes, for CI jobs
/// and policy engines that read plans. Built from the same enums and field lists the planner
/// uses, and closed everywhere (`additionalProperties: false`), so a key added to the plan
/// without its place here fails the test that checks every plan the suite makes.
public enum PlanSchema {
    public static func json() -> String {
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/$defs/\(name)"] }
    static func list(_ schema: [String: Any]) -> [String: Any] { ["type": "array", "items": schema] }
    static let string: [String: Any] = ["type": "string"]
    static let count: [String: Any] = ["type": "integer", "minimum": 0]
    static let id: [String: Any] = ["type": "integer", "minimum": 1]

    static func object(_ properties: [String: Any], required: [String]) -> [String: Any] {
        ["type": "object", "additionalProperties": false, "properties": properties, "required": required]
    }

    /// A property's value fixed, for the `if` of a conditional.
    static func when(_ key: String, _ condition: [String: Any]) -> [String: Any] {
        ["properties": [key: condition], "required": [key]]
    }

    /// A change whose `before` and `after` have `shape`, for the fields `field` admits.
    static func change(field: [String: Any], shape: [String: Any]) -> [String: Any] {
        object(
            [
                "field": field, "before": shape, "after": shape, "before_text": string, "after_text": string,
                "irreversible": ["type": "boolean"], "note": string
            ], required: ["field", "irreversible"])
    }

    /// The card fields an `update_card` change names, each with the shape of its values.
    static var cardChanges: [[String: Any]] {
        let accounts = ["fallback_account"] + PinAssignmentType.allCases.map(CardField.accountChangeField)
        let number = "^numbers …[0-9]{4} "
        return [
            change(field: ["enum": ["status", CardText.secondLine.key, CardText.preferredName.key]], shape: string),
            change(field: ["enum": ["limits.purchase", "limits.atm"]], shape: ref("amount")),
            change(field: ["const": "countries"], shape: list(ref("country"))),
            change(field: ["enum": accounts], shape: ref("account")),
            change(field: ["pattern": number + "account$"], shape: ref("account")),
            change(field: ["pattern": number + "description$"], shape: numberAttribute("description")),
            change(field: ["pattern": number + "status$"], shape: numberAttribute("status"))
        ]
    }

    static func numberAttribute(_ attribute: String) -> [String: Any] {
        object(["last4": ["type": "string", "pattern": "^[0-9]{4}$"], attribute: string], required: ["last4", attribute])
    }

    /// Which target and which changes each kind of action has.
    static var actionKinds: [[String: Any]] {
        ActionKind.allCases.map { kind in
            let target: ActionTarget.TargetType
            let changes: [String: Any]
            switch kind {
            case .updateCard:
                (target, changes) = (.card, ["oneOf": cardChanges])
            case .createGeneratedCvc2, .updateGeneratedCvc2:
                (target, changes) = (.generatedCvc2, change(field: ["const": "cvc2"], shape: string))
            case .pinCertificateChain, .unpinCertificateChain:
                let field: [String: Any] = ["pattern": "^certificate_chain\\[[0-9]+\\]$"]
                (target, changes) = (kind == .pinCertificateChain ? .pinnedChains : .pinnedChain, change(field: field, shape: ref("certificate")))
            case .replaceNotificationFilters:
                (target, changes) = (.notificationFilters, change(field: ["type": "string", "minLength": 1], shape: ref("filter")))
            }
            return [
                "if": when("kind", ["const": kind.rawValue]),
                "then": [
                    "properties": [
                        "target": ["properties": ["type": ["const": target.rawValue]]],
                        // A pinned chain whose certificates bunq sent unreadable is unpinned with no lines.
                        "changes": ["type": "array", "items": changes]
                    ]
                ]
            ]
        }
    }

    static var targets: [String: Any] {
        let type: [String: Any] = ["enum": ActionTarget.TargetType.allCases.map(\.rawValue)]
        let target = object(
            [
                "type": type, "card_id": id, "generated_cvc2_id": id, "pinned_chain_id": id,
                "scope": ["enum": ActionTarget.ScopeName.allCases.map(\.rawValue)], "monetary_account_id": id
            ], required: ["type"])
        let needs: [(ActionTarget.TargetType, [String], [String])] = [
            (.card, ["card_id"], ["generated_cvc2_id", "pinned_chain_id", "scope", "monetary_account_id"]),
            (.generatedCvc2, ["card_id"], ["pinned_chain_id", "scope", "monetary_account_id"]),
            (.pinnedChains, [], ["card_id", "generated_cvc2_id", "pinned_chain_id", "scope", "monetary_account_id"]),
            (.pinnedChain, ["pinned_chain_id"], ["card_id", "generated_cvc2_id", "scope", "monetary_account_id"]),
            (.notificationFilters, ["scope"], ["card_id", "generated_cvc2_id", "pinned_chain_id"])
        ]
        let rules = needs.map { type, required, forbidden -> [String: Any] in
            [
                "if": when("type", ["const": type.rawValue]),
                "then": ["required": required, "not": ["anyOf": forbidden.map { ["required": [$0]] }]]
            ]
        }
        // Only url filters belong to an account.
        let accountScope: [String: Any] = ["if": ["required": ["monetary_account_id"]], "then": when("scope", ["const": "url"])]
        return target.merging(["allOf": rules + [accountScope]]) { $1 }
    }

    static var request: [String: Any] {
        let schema = object(
            [
                "method": ["enum": ["POST", "PUT", "DELETE"]], "path": ["type": "string", "pattern": "^/user/[0-9]+/"],
                // The body as sent; bunq's request schemas, not this one, say what it may hold.
                "body": string, "body_json": ["type": "object"]
            ], required: ["method", "path"])
        let delete: [String: Any] = [
            "if": when("method", ["const": "DELETE"]),
            "then": ["not": ["anyOf": [["required": ["body"]], ["required": ["body_json"]]]]],
            "else": ["required": ["body", "body_json"]]
        ]
        return schema.merging(["allOf": [delete]]) { $1 }
    }

    static var action: [String: Any] {
        let schema = object(
            [
                "id": ["type": "string", "minLength": 1], "kind": ["enum": ActionKind.allCases.map(\.rawValue)], "resource": string,
                "changes": ["type": "array"], "target": ref("target"), "request": ref("request"), "irreversible": ["type": "boolean"],
                "sources": list(ref("source")), "live_digest": ["type": "string", "pattern": "^[0-9a-f]{64}$"],
                "ledger": ref("ledger"), "reprint": ["const": true], "protected_by": list(string), "rules": list(string),
                "guards": ["type": "array", "uniqueItems": true, "items": ["enum": PlanAction.Guard.allCases.map(\.rawValue)]]
            ],
            required: ["id", "kind", "resource", "changes", "target", "request", "irreversible", "sources", "live_digest", "guards"])
        return schema.merging(["allOf": actionKinds]) { $1 }
    }

    static var definitions: [String: Any] {
        [
            "source": object(["file": string, "line": count, "column": count], required: ["file", "line", "column"]),
            "amount": object(
                ["value": ["type": "string", "pattern": "^(0|[1-9][0-9]*)\\.[0-9]{2}$"], "currency": ["type": "string", "pattern": "^[A-Z]{3}$"]],
                required: ["value", "currency"]),
            "country": object(
                [
                    "country": ["type": "string", "minLength": 1],
                    "until": ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"]
                ],
                required: ["country"]),
            "account": object(["id": id, "iban": string, "description": string], required: ["id"]),
            "filter": object(["category": ["type": "string", "minLength": 1], "target": string], required: ["category"]),
            // Lower-case hex, as chains are compared; the whole digest, never shortened.
            "certificate": object(["subject": string, "sha256": ["type": "string", "pattern": "^[0-9a-f]+$"]], required: ["subject", "sha256"]),
            "target": targets,
            "request": request,
            "action": action,
            "ledger": object(
                [
                    "card_id": id,
                    "country_expiry": [
                        "type": "object", "propertyNames": ["minLength": 1],
                        "additionalProperties": ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}$"]
                    ],
                    "replaced_card_ids": ["type": "array", "minItems": 1, "items": id]
                ], required: ["card_id", "country_expiry"]),
            "card_batch": object(
                [
                    "id": ["type": "string", "pattern": "^card-batch/[1-9][0-9]*$"], "action_ids": ["type": "array", "minItems": 1, "items": string],
                    "request": ref("request")
                ],
                required: ["id", "action_ids", "request"]),
            "conflict": object(["resource": string, "message": string, "source": ref("source")], required: ["resource", "message"]),
            "unmanaged": object(
                [
                    "id": id, "last4": ["type": "string", "pattern": "^[0-9]{4}$"], "second_line": string, "status": string,
                    "purchase_limit": string, "atm_limit": string, "holder_id": id, "name_on_card": string
                ], required: ["id", "second_line", "status", "name_on_card"]),
            "targeting": object(
                ["targets": list(string), "excludes": list(string), "actions_left_out": count], required: ["targets", "excludes", "actions_left_out"]),
            "rule": object(["name": string, "source": ref("source"), "cards": count], required: ["name", "source", "cards"]),
            "rule_violation": object(
                [
                    "rule": string, "rule_source": ref("source"), "card_id": id, "resource": string, "field": string, "message": string,
                    "managed": ["type": "boolean"]
                ], required: ["rule", "rule_source", "card_id", "resource", "field", "message", "managed"]),
            "summary": object(
                Dictionary(uniqueKeysWithValues: summaryKeys.map { ($0, count as Any) }), required: summaryKeys)
        ]
    }

    static let summaryKeys = [
        "create", "update", "delete", "removals", "irreversible", "conflicts", "unmanaged", "card_batches", "changed_cards", "protected",
        "rule_violations"
    ]

    static var document: [String: Any] {
        var schema = object(
            [
                "format_version": ["const": Plan.currentFormatVersion], "plan_id": ["type": "string", "pattern": "^[0-9a-f]{32}$"],
                "created_at": string, "cardpolicy_version": string, "user_id": id, "actions": list(ref("action")),
                "card_batches": list(ref("card_batch")), "managed_cards": count, "conflicts": list(ref("conflict")),
                "notes": list(string), "unmanaged": list(ref("unmanaged")), "unmanaged_rule": ["enum": UnmanagedCards.allCases.map(\.rawValue)],
                "rules": list(ref("rule")), "rule_violations": list(ref("rule_violation")), "targeting": ref("targeting"),
                "api_url": string, "expires_at": string, "summary": ref("summary")
            ],
            required: [
                "format_version", "plan_id", "created_at", "cardpolicy_version", "user_id", "actions", "card_batches", "managed_cards",
                "conflicts", "notes", "unmanaged", "unmanaged_rule", "rules", "rule_violations", "summary"
            ])
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = "cardpolicy plan (format_version \(Plan.currentFormatVersion))"
        schema["$defs"] = definitions
        return schema
    }
}
