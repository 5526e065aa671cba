/// Cards: `/user/{userID}/card`.
extension BunqClient {
    /// Every card of the user (cancelled, expired and replaced ones included), read with
    /// `count=200` pages: 450 cards take 3 calls, never one call per card.
    public func cards() async throws -> [Card] {
        try await cards { $0 }
    }

    /// Every card, each turned into `transform(card)` as soon as its page is decoded: a
    /// caller that keeps a few fields never holds 10,000 whole cards at once.
    public func cards<U: Sendable>(_ transform: @escaping @Sendable (Card) -> U) async throws -> [U] {
        let user = try await userId()
        return try await getAll(Card.self, path: "/user/\(user)/card") { transform($0.value) }
    }

    public func card(id: Int) async throws -> Card {
        let user = try await userId()
        return try await getObject(Card.self, path: "/user/\(user)/card/\(id)").value
    }

    /// `PUT /user/{userID}/card/{cardID}` with only the fields set in `update`, plus the
    /// fallback account it always carries.
    ///
    /// - Parameter requestId: the identity to send; a planned action passes its own so a
    ///   retry or resumed run re-sends it. A new random one otherwise.
    public func updateCard(
        id: Int, _ update: CardUpdate, requestId: RequestIdentity? = nil
    ) async throws -> WriteResult<CardUpdateResponse> {
        let user = try await userId()
        let path = "/user/\(user)/card/\(id)"
        return try await write(
            "PUT", path: path, body: try encodeBody(update, method: "PUT", path: path),
            identity: requestId
        ) { exchange, call in
            let items = try self.decode(ResponseEnvelope<ItemOrId<Card>>.self, from: exchange, of: call).items
            switch items.first {
            case .id(let cardId): return .id(cardId)
            case .item(let keyed): return .card(keyed.value)
            case nil:
                throw BunqError.malformedResponse(method: call.method, path: call.path, detail: "the Response array is empty")
            }
        }
    }
}
