/// Which live card took the place of a replaced one. bunq keeps a replaced card in its list
/// (`sub_status` REPLACED) and names the new card in `card_replacement.card_new_id`; when
/// the link is missing, the one later card of the same kind, holder and name is taken as the
/// successor, and none is guessed when there are several.
struct CardReplacements {
    private struct Kind: Hashable {
        let type: String
        let productType: String?
        let nameOnCard: String
        let holder: Int?

        init(_ card: LiveCard) {
            type = card.type
            productType = card.productType
            nameOnCard = card.nameOnCard
            holder = card.userHolderId
        }
    }

    private let cards: [LiveCard]
    private let positionById: [Int: Int]
    /// Cards not replaced, by kind, in ascending id: a successor is looked up by binary
    /// search, so an export of many replaced cards stays linear in the estate.
    private let unreplacedByKind: [Kind: [(id: Int, position: Int)]]

    init(_ cards: [LiveCard]) {
        self.cards = cards
        var positions: [Int: Int] = [:]
        var byKind: [Kind: [(id: Int, position: Int)]] = [:]
        for (position, card) in cards.enumerated() {
            if positions[card.id] == nil { positions[card.id] = position }
            if !card.isReplaced { byKind[Kind(card), default: []].append((card.id, position)) }
        }
        positionById = positions
        unreplacedByKind = byKind.mapValues { $0.sorted { $0.id < $1.id } }
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
        guard let kin = unreplacedByKind[Kind(card)] else { return nil }
        var low = 0, high = kin.count
        while low < high {
            let middle = (low + high) / 2
            if kin[middle].id > card.id { high = middle } else { low = middle + 1 }
        }
        return kin.count - low == 1 ? kin[low].position : nil
    }
}
