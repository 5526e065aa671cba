/// Card listing and reading; the PUT rules live in `CardUpdate`.
enum CardHandlers {
    static let routes: [Route] = [
        Route("GET", "/user/{id}/card", list),
        Route("GET", "/user/{id}/card/{id}", read),
        Route("PUT", "/user/{id}/card/{id}", CardUpdate.handle),
    ]

    /// The generated-cvc2 type each card shows, from its newest generated-cvc2 (STATIC when none).
    static func cvc2Types(_ state: EmulatorState) -> [Int: String] {
        var types: [Int: (id: Int, type: String)] = [:]
        for entry in state.generatedCvc2 where (types[entry.cardId]?.id ?? Int.min) < entry.id {
            types[entry.cardId] = (entry.id, entry.type)
        }
        return types.mapValues(\.type)
    }

    static func wire(_ card: Card, _ state: EmulatorState, _ cvc2Types: [Int: String]) -> JSONValue {
        Envelope.typed("Card", card.wire(in: state, cvc2Type: cvc2Types[card.id] ?? "STATIC"))
    }

    static func list(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        try UserHandlers.requireUser(request.ids[0], state, request)
        // Cards are kept in creation order; newest first means walking them backwards.
        let ordered = state.cards.sorted { $0.id > $1.id }
        let page = try Page(ids: ordered.map(\.id), query: request.query, path: request.path)
        let types = cvc2Types(state)
        let items = page.range.map { wire(ordered[$0], state, types) }
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
        return Reply(body: Envelope.response([wire(state.cards[index], state, cvc2Types(state))]))
    }
}
