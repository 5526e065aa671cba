/// bunq's response envelopes: `{"Response":[...]}`, `{"Id":{...}}` results, `{"Error":[...]}`.
enum Envelope {
    static func response(_ items: [JSONValue], pagination: JSONValue? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("Response", .array(items))]
        if let pagination { members.append(("Pagination", pagination)) }
        return .object(members)
    }

    /// One item under its type key, e.g. `{"Card":{...}}`.
    static func typed(_ type: String, _ value: JSONValue) -> JSONValue {
        .object([(type, value)])
    }

    /// `{"Response":[{"Id":{"id":N}}]}`, what bunq answers to most creates and updates.
    static func id(_ id: Int) -> JSONValue {
        response([typed("Id", .object([("id", .int(id))]))])
    }

    static func error(_ descriptions: [String]) -> JSONValue {
        .object([
            (
                "Error",
                .array(
                    descriptions.map { description in
                        .object([
                            ("error_description", .string(description)),
                            ("error_description_translated", .string(description))
                        ])
                    })
            )
        ])
    }
}
