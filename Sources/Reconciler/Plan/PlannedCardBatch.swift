/// Several cards' `update_card` actions sent as one `POST /user/{id}/card-batch`.
///
/// Each card keeps its own action (its field diff, sources, live digest and the PUT that
/// finishes it should bunq leave it out of the batch), so stale checks, verification and
/// every renderer stay per card; the batch only says which of them travel together.
public struct PlannedCardBatch: Hashable, Sendable, Codable {
    /// `card-batch/1`, `card-batch/2`, … in execution order.
    public var id: String
    /// The `update_card` actions the batch carries, in the order of its entries.
    public var actionIds: [String]
    public var request: PlannedRequest

    public init(id: String, actionIds: [String], request: PlannedRequest) {
        self.id = id
        self.actionIds = actionIds
        self.request = request
    }

    enum CodingKeys: String, CodingKey {
        case id, request
        case actionIds = "action_ids"
    }
}

extension Plan {
    /// The batch each batched action travels in, by action id.
    public var batchOfAction: [String: PlannedCardBatch] {
        var batches: [String: PlannedCardBatch] = [:]
        for batch in cardBatches {
            for action in batch.actionIds { batches[action] = batch }
        }
        return batches
    }

    /// The number of card actions that travel in batches.
    public var batchedActionCount: Int { cardBatches.reduce(0) { $0 + $1.actionIds.count } }
}
