/// Card listing and reading; the PUT rules live in `CardUpdate`.
enum CardHandlers {
    static let routes: [Route] = [
        Route("GET", "/user/{id}/card", list),
        Route("GET", "/user/{id}/card/{id}", read),
        Route("PUT", "/user/{id}/card/{id}", CardUpdate.handle)
    ]

    static func wire(_ card: Card, _ context: CardWireContext) -> JSONValue {
        Envelope.typed("Card", card.wire(context))
    }

    /// Positions of the cards newest (highest id) first, without copying the cards. Cards
    /// are normally stored in creation order, so this is usually just a reversal.
    static func newestFirst(_ cards: [Card]) -> [Int] {
        var ascending = true
        var previous = Int.min
        for card in cards {
            if card.id < previous { ascending = false; break }
            previous = card.id
        }
        if ascending { return Array(cards.indices.reversed()) }
        return cards.indices.sorted { cards[$0].id > cards[$1].id }
    }

    static func list(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        try UserHandlers.requireUser(request.ids[0], state, request)
        let order = newestFirst(state.cards)
        let page = try Page(ids: order.map { state.cards[$0].id }, query: request.query, path: request.path)
        let context = CardWireContext(state)
        let items = page.range.map { wire(state.cards[order[$0]], context) }
        return Reply(body: Envelope.response(items, pagination: page.pagination))
    }

    static func find(_ state: EmulatorState, _ request: HandlerRequest) throws -> Int {
        try UserHandlers.requireUser(request.ids[0], state, request)
        guard let index = state.cards.firstIndex(where: { $0.id == request.ids[1] }) else {
            throw BunqError.notFound("Card")
        }
        return index
    }

    static func read(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        let index = try find(state, request)
        return Reply(body: Envelope.response([wire(state.cards[index], CardWireContext(state))]))
    }
}
