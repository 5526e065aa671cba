/// The user and their monetary accounts.
extension BunqClient {
    /// `GET /user/{userID}`: the user the API key belongs to.
    public func user() async throws -> BunqUser {
        let id = try await userId()
        return BunqUser(try await getObject(UserFields.self, path: "/user/\(id)"))
    }

    /// Every monetary account of the user, of any kind (bank, savings, joint, ...).
    public func monetaryAccounts() async throws -> [MonetaryAccount] {
        let user = try await userId()
        return try await getAll(MonetaryAccount.Fields.self, path: "/user/\(user)/monetary-account").map(MonetaryAccount.init)
    }
}
