/// A request body's top-level object, read the strict way bunq reads it: unknown fields
/// are refused as superfluous and every field must have the right JSON type.
struct RequestBody {
    let members: [(String, JSONValue)]

    init(members: [(String, JSONValue)]) {
        self.members = members
    }

    /// The body as an object; an empty body reads as `{}`.
    init(_ value: JSONValue?) throws {
        guard let value else {
            self.members = []
            return
        }
        guard let members = value.objectMembers else {
            throw BunqError.badRequest("The request body must be a JSON object.")
        }
        self.members = members
    }

    /// Refuses every field not in `allowed`, one error line per field, as bunq does.
    func rejectUnknown(allowed: Set<String>) throws {
        let unknown = members.map(\.0).filter { !allowed.contains($0) }
        guard unknown.isEmpty else {
            throw BunqError(status: 400, descriptions: unknown.map { "Superfluous field \"\($0)\"." })
        }
    }

    func has(_ key: String) -> Bool {
        value(key) != nil
    }

    /// The value, with an explicit `null` reading as absent.
    func value(_ key: String) -> JSONValue? {
        guard let found = members.last(where: { $0.0 == key })?.1, !found.isNull else { return nil }
        return found
    }

    func string(_ key: String) throws -> String? {
        guard let found = value(key) else { return nil }
        guard let text = found.stringValue else { throw typeError(key, "a string", found) }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else { throw BunqError.badRequest("Field \"\(key)\" is required.") }
        return text
    }

    func int(_ key: String) throws -> Int? {
        guard let found = value(key) else { return nil }
        guard let number = found.intValue else { throw typeError(key, "an integer", found) }
        return number
    }

    func array(_ key: String) throws -> [JSONValue]? {
        guard let found = value(key) else { return nil }
        guard let items = found.arrayValue else { throw typeError(key, "an array", found) }
        return items
    }

    func object(_ key: String) throws -> RequestBody? {
        guard let found = value(key) else { return nil }
        guard let members = found.objectMembers else { throw typeError(key, "an object", found) }
        return RequestBody(members: members)
    }

    /// A money field: `{"value": "12.50", "currency": "EUR"}` with the value a string.
    func amount(_ key: String) throws -> StoredAmount? {
        guard let object = try object(key) else { return nil }
        try object.rejectUnknown(allowed: ["value", "currency"])
        guard let rawValue = object.value("value") else { throw BunqError.badRequest("Field \"\(key).value\" is required.") }
        guard let text = rawValue.stringValue else {
            throw BunqError.badRequest("The amount in \"\(key)\" must be a string, such as \"12.50\".")
        }
        guard let normalised = AmountText.normalised(text) else {
            throw BunqError.badRequest(
                "The amount \"\(text)\" in \"\(key)\" is not a valid amount: use a positive decimal with at most 2 decimals, such as \"12.50\".")
        }
        let currency = try object.string("currency") ?? "EUR"
        guard AmountText.isCurrencyCode(currency) else {
            throw BunqError.badRequest("The currency \"\(currency)\" in \"\(key)\" is not a valid ISO 4217 currency code.")
        }
        return StoredAmount(value: normalised, currency: currency)
    }

    private func typeError(_ key: String, _ expected: String, _ found: JSONValue) -> BunqError {
        BunqError.badRequest("Field \"\(key)\" must be \(expected), not \(found.typeName).")
    }
}
