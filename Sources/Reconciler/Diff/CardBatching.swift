import BunqAPI

/// Which card changes go out together as card-batch requests, and how many to a request.
///
/// bunq allows 2 card PUTs per 3 s but 5 POSTs, and one card-batch POST carries many cards,
/// so a fleet of changes takes seconds instead of minutes. Only changes the batch endpoint
/// can carry (status, limits, countries, fallback account) are batched, and only from
/// `minimumChanges` of them: one or two go out as PUTs at once anyway.
public struct CardBatching: Hashable, Sendable {
    /// The most cards in one request; nil never batches.
    public var size: Int?

    /// bunq documents no maximum. 100 keeps 1,000 changes to 10 POSTs (two rate windows)
    /// while one request whose answer is lost leaves at most 100 cards to read back.
    public static let defaultSize = 100
    public static let minimumChanges = 3
    public static let standard = CardBatching(size: defaultSize)
    /// Every card change a PUT of its own (`--no-batch`).
    public static let off = CardBatching(size: nil)

    public init(size: Int?) {
        precondition(size.map { $0 >= 1 } ?? true, "a card batch holds at least one card")
        self.size = size
    }

    /// The batches for `candidates` (card actions with the PUT body each was planned with),
    /// in their order, sizes balanced so no request is left nearly empty.
    func batches(_ candidates: [(action: PlanAction, update: CardUpdate)], userId: Int) -> [PlannedCardBatch] {
        guard let size else { return [] }
        let entries = candidates.compactMap { candidate -> (String, CardBatchEntry)? in
            guard case .card(let id) = candidate.action.target, let entry = CardBatchEntry(cardId: id, update: candidate.update) else {
                return nil
            }
            return (candidate.action.id, entry)
        }
        guard entries.count >= Self.minimumChanges else { return [] }
        let requests = (entries.count + size - 1) / size
        var batches: [PlannedCardBatch] = []
        var start = 0
        for index in 0..<requests {
            // Balanced: the first `entries.count % requests` batches take one card more.
            let count = entries.count / requests + (index < entries.count % requests ? 1 : 0)
            let slice = entries[start..<(start + count)]
            start += count
            let body = PlannedBody.text(CardBatch(cards: slice.map(\.1)))
            batches.append(
                PlannedCardBatch(
                    id: "card-batch/\(index + 1)", actionIds: slice.map(\.0),
                    request: PlannedRequest(method: "POST", path: "/user/\(userId)/card-batch", body: body)))
        }
        return batches
    }
}
