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
        .object([("Error", .array(descriptions.map { description in
            .object([
                ("error_description", .string(description)),
                ("error_description_translated", .string(description)),
            ])
        }))])
    }
}

/// A request bunq refuses, with the status and the `error_description`s it answers.
struct BunqError: Error, Equatable {
    let status: Int
    let descriptions: [String]

    init(_ status: Int, _ descriptions: String...) {
        self.status = status
        self.descriptions = descriptions
    }

    init(status: Int, descriptions: [String]) {
        self.status = status
        self.descriptions = descriptions
    }

    static func badRequest(_ description: String) -> BunqError { BunqError(400, description) }

    /// bunq's wording for a bad, missing or expired token.
    static let insufficientAuthorisation = BunqError(401, "Insufficient authorisation.")

    static func notFound(_ what: String) -> BunqError {
        BunqError(404, "\(what) not found.")
    }

    static func superfluous(_ field: String) -> BunqError {
        BunqError(400, "Superfluous field \"\(field)\".")
    }
}
