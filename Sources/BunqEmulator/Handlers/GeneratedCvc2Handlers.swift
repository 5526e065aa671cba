import Foundation

/// `/user/{id}/card/{id}/generated-cvc2`: list, read, create and change the CVC2 type.
enum GeneratedCvc2Handlers {
    static let routes: [Route] = [
        Route("GET", "/user/{id}/card/{id}/generated-cvc2", list),
        Route("POST", "/user/{id}/card/{id}/generated-cvc2", create),
        Route("GET", "/user/{id}/card/{id}/generated-cvc2/{id}", read),
        Route("PUT", "/user/{id}/card/{id}/generated-cvc2/{id}", update)
    ]

    static func wire(_ entry: GeneratedCvc2) -> JSONValue {
        Envelope.typed("CardGeneratedCvc2", entry.wire)
    }

    static func list(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        let cardIndex = try CardHandlers.find(state, request)
        let cardId = state.cards[cardIndex].id
        let entries = state.generatedCvc2.filter { $0.cardId == cardId }.sorted { $0.id > $1.id }
        let page = try Page(ids: entries.map(\.id), query: request.query, path: request.path)
        return Reply(body: Envelope.response(page.range.map { wire(entries[$0]) }, pagination: page.pagination))
    }

    static func find(_ state: EmulatorState, _ request: HandlerRequest) throws -> Int {
        let cardIndex = try CardHandlers.find(state, request)
        let cardId = state.cards[cardIndex].id
        guard let index = state.generatedCvc2.firstIndex(where: { $0.id == request.ids[2] && $0.cardId == cardId }) else {
            throw BunqError.notFound("CardGeneratedCvc2")
        }
        return index
    }

    static func read(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        Reply(body: Envelope.response([wire(state.generatedCvc2[try find(state, request)])]))
    }

    static func type(from request: HandlerRequest) throws -> String {
        let body = try RequestBody(request.body)
        try body.rejectUnknown(allowed: ["type"])
        let type = try body.string("type") ?? "STATIC"
        guard type == "STATIC" || type == "GENERATED" else {
            throw BunqError.badRequest("The generated CVC2 type must be STATIC or GENERATED, not \"\(type)\".")
        }
        return type
    }

    static func create(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        let cardIndex = try CardHandlers.find(state, request)
        let card = state.cards[cardIndex]
        let type = try type(from: request)
        guard !CardUpdate.permanentStatuses.contains(card.status) else {
            throw BunqError.badRequest("This card is \(card.status): no CVC2 can be generated for it.")
        }
        let entry = GeneratedCvc2(
            id: state.allocateId(), cardId: card.id, created: request.timestamp, type: type,
            cvc2: String(format: "%03d", Int.random(in: 0...999)),
            expiryTime: BunqTimestamp.string(from: request.now.addingTimeInterval(type == "GENERATED" ? 86_400 : 4 * 365 * 86_400))
        )
        state.generatedCvc2.append(entry)
        return Reply(body: Envelope.id(entry.id), committed: true)
    }

    static func update(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        let index = try find(state, request)
        let type = try type(from: request)
        state.generatedCvc2[index].type = type
        state.generatedCvc2[index].updated = request.timestamp
        return Reply(body: Envelope.id(state.generatedCvc2[index].id), committed: true)
    }
}
