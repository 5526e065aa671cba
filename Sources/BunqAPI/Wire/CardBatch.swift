import Foundation

/// The body of `POST /user/{userID}/card-batch`: several cards' changes in one request.
///
/// An entry carries only what the batch endpoint takes (status, both limits, countries and
/// the fallback account, which is removed from a card whose entry leaves it out, as with a
/// PUT); a change of anything else (names, PIN routing, card numbers) is a PUT of its own.
public struct CardBatch: Codable, Hashable, Sendable {
    public var cards: [CardBatchEntry]

    public init(cards: [CardBatchEntry]) {
        self.cards = cards
    }
}

/// One card in a `CardBatch`: its id and the same fields a card PUT would send.
public struct CardBatchEntry: Codable, Hashable, Sendable {
    public var cardId: Int
    public var update: CardUpdate

    /// nil when `update` sets a field the batch endpoint does not take.
    public init?(cardId: Int, update: CardUpdate) {
        guard update.orderStatus == nil, update.pinCodeAssignments == nil, update.preferredNameOnCard == nil,
            update.secondLine == nil, update.cancellationReason == nil, update.primaryAccountNumbers == nil
        else { return nil }
        self.cardId = cardId
        self.update = update
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CardUpdate.CodingKeys.self)
        try container.encode(cardId, forKey: .cardId)
        try update.encodeFields(into: &container)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CardUpdate.CodingKeys.self)
        cardId = try container.decode(Int.self, forKey: .cardId)
        update = try CardUpdate(from: decoder)
    }
}

/// bunq's answer to a card batch, `CardBatchCreate`: the cards it updated. A card sent but
/// not listed was not updated, whatever the reason; bunq documents none.
public struct CardBatchResult: Decodable, Hashable, Sendable {
    public var updatedCardIds: [Int]

    enum CodingKeys: String, CodingKey {
        case updatedCardIds = "updated_card_ids"
    }

    private struct BunqId: Decodable {
        let id: Int
    }

    public init(updatedCardIds: [Int]) {
        self.updatedCardIds = updatedCardIds
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        updatedCardIds = try container.decodeIfPresent([BunqId].self, forKey: .updatedCardIds)?.map(\.id) ?? []
    }

    /// The result in a planned write's raw answer, `{"Response":[{"CardBatch":{...}}]}`; nil
    /// when the answer is not one (then no card counts as updated).
    public static func decode(answer body: [UInt8]) -> CardBatchResult? {
        guard let envelope = try? WireJSON.decoder().decode(ResponseEnvelope<TypeKeyed<CardBatchResult>>.self, from: Data(body)),
            envelope.items.count == 1
        else { return nil }
        return envelope.items[0].value
    }
}
