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
