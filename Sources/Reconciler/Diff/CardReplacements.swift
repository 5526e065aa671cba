/// Which live card took the place of a replaced one. bunq keeps a replaced card in its list
/// (`sub_status` REPLACED) and names the new card in `card_replacement.card_new_id`; when
/// the link is missing, the one later card of the same kind, holder and name is taken as the
/// successor, and none is guessed when there are several.
struct CardReplacements {
    private let cards: [LiveCard]
    private let positionById: [Int: Int]

    init(_ cards: [LiveCard]) {
        self.cards = cards
        var positions: [Int: Int] = [:]
        for (position, card) in cards.enumerated() where positions[card.id] == nil { positions[card.id] = position }
        positionById = positions
    }

    /// The position of the card that now stands for the one at `position`, following a chain
    /// of replacements (a card replaced twice) to its end; nil when the card was not replaced
    /// or its successor is not in the list.
    func current(of position: Int) -> Int? {
        var visited: Set<Int> = [position]
        var at = position
        while cards[at].isReplaced, let next = successor(of: at), visited.insert(next).inserted { at = next }
        return at == position ? nil : at
    }

    private func successor(of position: Int) -> Int? {
        let card = cards[position]
        if let id = card.replacedById { return positionById[id] }
        let later = cards.indices.filter { other in
            let candidate = cards[other]
            return candidate.id > card.id && !candidate.isReplaced && candidate.type == card.type
                && candidate.productType == card.productType && candidate.nameOnCard == card.nameOnCard
                && candidate.userHolderId == card.userHolderId
        }
        return later.count == 1 ? later[0] : nil
    }
}
