import Foundation

/// The JSON Schema (draft 2020-12) of a policy file, built from the same key and code
/// lists the loader uses so the two cannot drift apart. Rules a schema cannot state
/// (a country listed twice in two spellings, more than 2 targets per category, names
/// defined twice across files, certificate validity) are left to `cardpolicy validate`.
public enum PolicySchema {
    public static func json() -> String {
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/$defs/\(name)"] }
    static func list(_ name: String) -> [String: Any] { ["type": "array", "items": ref(name)] }
    /// Text printed on a card: not empty, no spaces at either end, no control characters.
    static func cardText(_ text: CardText) -> [String: Any] {
        [
            "type": "string", "minLength": 1, "maxLength": text.maxLength,
            "pattern": "^(?!\\s)(?!.*\\s$)[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]+$"
        ]
    }

    static func object(_ properties: [String: Any], required: [String] = []) -> [String: Any] {
        var schema: [String: Any] = ["type": "object", "additionalProperties": false, "properties": properties]
        if !required.isEmpty { schema["required"] = required }
        return schema
    }

    /// The settings of a card or group, from the same field list the loader reads them by.
    static var settings: [String: Any] {
        var settings: [String: Any] = [:]
        var nested: [String: [String: Any]] = [:]
        for field in CardSettings.fields {
            if let parent = field.parent { nested[parent, default: [:]][field.leaf] = field.schema() } else { settings[field.key] = field.schema() }
        }
        for (key, properties) in nested { settings[key] = object(properties) }
        return settings
    }

    /// A rule: a name, what it covers, and at least one constraint (`protect: false` alone is none).
    static var rule: [String: Any] {
        let countries: [String: Any] = ["type": "array", "minItems": 1, "uniqueItems": true, "items": ref("country")]
        var schema = object(
            [
                "name": ref("name"),
                "match": ["oneOf": [["const": "all"], ref("groupMatch")]],
                "max_limits": object(["purchase": ref("amount"), "atm": ref("amount")]).merging(["minProperties": 1]) { $1 },
                "countries": [
                    "oneOf": [object(["deny": countries], required: ["deny"]), object(["allow_only": countries], required: ["allow_only"])]
                ],
                "require": [
                    "type": "array", "minItems": 1, "uniqueItems": true, "items": ["enum": RequiredField.allCases.map(\.rawValue)]
                ],
                "cvc2": ["enum": CVC2Type.allCases.map(\.rawValue)],
                "protect": ["type": "boolean"],
                "max_until": ["type": "string", "pattern": "^0*[1-9][0-9]{0,3}d$"]
            ], required: ["name"])
        schema["anyOf"] =
            CardRule.constraintKeys.filter { $0 != "protect" }.map { ["required": [$0]] }
            + [["required": ["protect"], "properties": ["protect": ["const": true]]]]
        return schema
    }

    static var document: [String: Any] {
        let currencies = ISOCodes.currencies.joined(separator: "|")
        let nonEmpty: [String: Any] = ["type": "string", "pattern": "\\S"]
        let category: [String: Any] = ["enum": NotificationCategory.all]
        var card = settings
        card["name"] = ref("name")
        card["match"] = ref("cardMatch")
        var group = settings
        group["name"] = ref("name")
        group["match"] = ref("groupMatch")
        group["status"] = ["enum": SettableCardStatus.allCases.filter { !$0.isIrreversible }.map(\.rawValue)]
        for field in CardSettings.fields where field.perCard { group[field.key] = nil }
        var groupMatch = Dictionary(uniqueKeysWithValues: CardGroupMatch.keys.map { ($0, nonEmpty as Any) })
        groupMatch["account"] = ref("accountReference")
        groupMatch["holder"] = ref("id")
        let urlFilter = object(
            ["category": category, "target": ["type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]://[^\\s/?#]+[^\\s]*$"]],
            required: ["category", "target"])
        let categoryFilter = object(["category": category], required: ["category"])
        let date = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
        let time = "[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})"

        let definitions: [String: Any] = [
            "name": ["type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$"],
            "id": ["type": "integer", "minimum": 1],
            "status": ["enum": SettableCardStatus.allCases.map(\.rawValue)],
            "amount": [
                "oneOf": [
                    ["type": "string", "pattern": "^\(PolicyAmount.valuePattern) (\(currencies))$"],
                    object(
                        ["value": ["type": "string", "pattern": "^\(PolicyAmount.valuePattern)$"], "currency": ["enum": ISOCodes.currencies]],
                        required: ["value", "currency"])
                ]
            ],
            "country": ["enum": ISOCodes.countries],
            "countryPermission": [
                "oneOf": [
                    ref("country"),
                    object(["country": ref("country"), "until": ["type": "string", "pattern": "^\(date)(\(time))?$"]], required: ["country"])
                ]
            ],
            "fallbackAccount": [
                "oneOf": [
                    ref("id"),
                    ["const": "none"],
                    [
                        "type": "object", "additionalProperties": false, "minProperties": 1, "maxProperties": 1,
                        "properties": ["iban": ["type": "string", "pattern": "^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 ]{11,40}$"], "description": nonEmpty]
                    ]
                ]
            ],
            "accountReference": [
                "oneOf": [
                    ref("id"),
                    [
                        "type": "object", "additionalProperties": false, "minProperties": 1, "maxProperties": 1,
                        "properties": ["iban": ["type": "string", "pattern": "^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 ]{11,40}$"], "description": nonEmpty]
                    ]
                ]
            ],
            "cardAccount": [
                "oneOf": [
                    ref("accountReference"),
                    [
                        "type": "object", "additionalProperties": false, "minProperties": 1,
                        "properties": Dictionary(uniqueKeysWithValues: PinAssignmentType.allCases.map { ($0.key, ref("accountReference") as Any) })
                    ]
                ]
            ],
            "cardNumber": object(
                [
                    "last4": ["type": "string", "pattern": "^[0-9]{4}$"], "description": ["type": "string"],
                    "status": ["enum": CardNumberStatus.allCases.map(\.rawValue)], "account": ref("accountReference")
                ], required: ["last4"]),
            "cardNumbers": [
                "oneOf": [
                    list("cardNumber"),
                    object(["complete": ["type": "boolean"], "list": list("cardNumber")], required: ["list"])
                ]
            ],
            "cardMatch": [
                "type": "object", "additionalProperties": false, "minProperties": 1, "maxProperties": 1,
                "properties": [
                    "id": ref("id"), "last4": ["type": "string", "pattern": "^[0-9]{4}$"],
                    "second_line": nonEmpty, "name_on_card": nonEmpty, "holder": ref("id")
                ]
            ],
            "card": object(card, required: ["name", "match"]),
            "groupMatch": ["type": "object", "additionalProperties": false, "minProperties": 1, "properties": groupMatch],
            "cardGroup": object(group, required: ["name", "match"]),
            "rule": rule,
            "certificate": object(
                ["name": ref("name"), "file": nonEmpty, "pem": ["type": "string", "pattern": "-----BEGIN "]],
                required: ["name"]
            ).merging(["oneOf": [["required": ["file"]], ["required": ["pem"]]]]) { $1 },
            "urlFilter": urlFilter,
            "categoryFilter": categoryFilter,
            "notifications": object([
                "url": list("urlFilter"),
                "push": list("categoryFilter"),
                "email": list("categoryFilter"),
                "accounts": [
                    "type": "object", "propertyNames": ["pattern": "^[1-9][0-9]*$"],
                    "additionalProperties": object(["url": list("urlFilter")])
                ]
            ])
        ]
        var root = object(
            [
                "version": ["const": Policy.version, "type": "integer"],
                "unmanaged": ["enum": UnmanagedCards.allCases.map(\.rawValue)],
                "cards": list("card"),
                "card_groups": list("cardGroup"),
                "rules": list("rule"),
                "certificates": list("certificate"),
                "notifications": ref("notifications")
            ], required: ["version"])
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        root["title"] = "cardpolicy policy file (version \(Policy.version))"
        root["description"] = "One file of a cardpolicy repository. See docs/policy.md."
        root["$defs"] = definitions
        return root
    }
}
