/// `POST /user/{id}/card-batch`: the status, limits, countries and fallback account of many
/// cards in one request, each entry under the card PUT's rules (the fallback is removed when
/// an entry leaves it out). bunq documents the fields and the `updated_card_ids` answer, but
/// no maximum size, no rule for a batch in which some cards cannot change and no wording, so
/// each of those is a switch (`options.card_batch`, `options.card_batch_max_cards`).
enum CardBatchHandlers {
    static let routes: [Route] = [Route("POST", "/user/{id}/card-batch", handle)]

    /// What a card-batch entry may carry: `CardBatchEntry` in bunq's API reference.
    static let entryFields: Set<String> = [
        "id", "status", "card_limit", "card_limit_atm", "country_permission", "monetary_account_id_fallback"
    ]

    static func handle(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        try UserHandlers.requireUser(request.ids[0], state, request)
        switch state.options.cardBatch {
        case .notFound: throw BunqError.notFound("Endpoint")
        case .methodNotAllowed: throw BunqError(405, "Method POST is not allowed on this endpoint.")
        case .atomic, .partial: break
        }
        let body = try RequestBody(request.body)
        try body.rejectUnknown(allowed: ["cards"])
        guard let entries = try body.array("cards") else { throw BunqError.badRequest("Field \"cards\" is required.") }
        if let most = state.options.cardBatchMaxCards, entries.count > most {
            throw BunqError.badRequest("A card batch can hold at most \(most) cards, not \(entries.count).")
        }
        // The shape of every entry is the batch's own: a malformed one refuses the whole batch.
        var parsed: [(id: Int, body: RequestBody)] = []
        var seen = Set<Int>()
        for item in entries {
            let entry = try RequestBody(item)
            try entry.rejectUnknown(allowed: entryFields)
            guard let id = try entry.int("id") else { throw BunqError.badRequest("Field \"id\" is required in each entry of \"cards\".") }
            guard seen.insert(id).inserted else { throw BunqError.badRequest("Card \(id) appears more than once in \"cards\".") }
            parsed.append((id, entry))
        }
        var positions: [Int: Int] = [:]
        for (index, card) in state.cards.enumerated() where seen.contains(card.id) { positions[card.id] = index }

        var changes: [(index: Int, change: CardUpdate.PendingChange)] = []
        for (id, entry) in parsed {
            do {
                guard let index = positions[id] else { throw BunqError.notFound("Card") }
                changes.append((index, try CardUpdate.updated(state.cards[index], by: entry, state: state, request: request)))
            } catch is BunqError where state.options.cardBatch == .partial {
                // Left as it is and out of `updated_card_ids`: the caller finds out by reading.
                continue
            }
        }
        for (index, change) in changes { state.cards[index] = change.commit(&state) }
        let updated = changes.map { JSONValue.object([("id", .int(state.cards[$0.index].id))]) }
        return Reply(
            body: Envelope.response([Envelope.typed("CardBatch", .object([("updated_card_ids", .array(updated))]))]),
            committed: !changes.isEmpty)
    }
}
