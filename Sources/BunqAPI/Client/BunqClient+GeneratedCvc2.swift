/// Generated CVC2 settings of a card: `/user/{userID}/card/{cardID}/generated-cvc2`.
extension BunqClient {
    /// The card's generated-CVC2 records (the codes themselves are never decoded).
    public func generatedCvc2s(cardId: Int) async throws -> [GeneratedCvc2] {
        let user = try await userId()
        return try await getAll(GeneratedCvc2.self, path: "/user/\(user)/card/\(cardId)/generated-cvc2").map(\.value)
    }

    /// `POST` a generated-CVC2 record of `type` (`STATIC` or `GENERATED`); answers its id.
    public func createGeneratedCvc2(
        cardId: Int, type: String, requestId: RequestIdentity? = nil
    ) async throws -> WriteResult<Int> {
        let user = try await userId()
        let path = "/user/\(user)/card/\(cardId)/generated-cvc2"
        return try await write(
            "POST", path: path, body: try encodeBody(GeneratedCvc2Update(type: type), path: path),
            identity: requestId
        ) { try self.decodeId($0, of: $1) }
    }

    /// `PUT` the `type` of an existing generated-CVC2 record; answers its id.
    public func updateGeneratedCvc2(
        cardId: Int, id: Int, type: String, requestId: RequestIdentity? = nil
    ) async throws -> WriteResult<Int> {
        let user = try await userId()
        let path = "/user/\(user)/card/\(cardId)/generated-cvc2/\(id)"
        return try await write(
            "PUT", path: path,
            body: try encodeBody(GeneratedCvc2Update(type: type), method: "PUT", path: path),
            identity: requestId
        ) { try self.decodeId($0, of: $1) }
    }
}
