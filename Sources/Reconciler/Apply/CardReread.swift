import BunqAPI

/// Reads cards back to settle writes whose answer did not say enough (a card batch that left
/// cards out, timed out or was refused), the cheaper way under bunq's GET limit: one GET per
/// card, or the whole card listing at 200 a page when that takes fewer calls.
struct CardReread {
    let client: BunqClient
    /// How many cards the estate had at the last full read: its listing takes ⌈n/200⌉ pages.
    let estateSize: Int

    static let pageSize = 200

    var listingPages: Int { max(1, (estateSize + Self.pageSize - 1) / Self.pageSize) }

    /// The cards among `ids` that bunq still has, as the diff sees them.
    func read(_ ids: [Int]) async throws -> LiveState {
        let userId = try await client.userId()
        let wanted = Set(ids)
        if ids.count <= listingPages {
            var cards: [LiveCard] = []
            for id in ids { cards.append(LiveStateReader.card(try await client.card(id: id))) }
            return LiveState(userId: userId, cards: cards)
        }
        let cards = try await client.cards { wanted.contains($0.id) ? LiveStateReader.card($0) : nil }
        return LiveState(userId: userId, cards: cards.compactMap { $0 })
    }
}
