import PolicyModel

/// What an action writes to, recorded in the plan as data when the action is planned, so a
/// saved plan can be checked, paced and verified without reading its request paths back.
public enum ActionTarget: Hashable, Sendable {
    /// A card PUT.
    case card(id: Int)
    /// A generated-CVC2 write on a card: a PUT to an existing entry, or a POST (entry nil).
    case generatedCvc2(cardId: Int, entryId: Int?)
    /// A new chain POSTed to the user's pinned chains.
    case pinnedChains
    /// One pinned chain, DELETEd.
    case pinnedChain(id: Int)
    /// A notification filter scope, replaced as a whole.
    case notifications(NotificationScope)

    /// The card whose live fields the action depends on, if it is a card's.
    public var cardId: Int? {
        switch self {
        case .card(let id), .generatedCvc2(let id, _): return id
        case .pinnedChains, .pinnedChain, .notifications: return nil
        }
    }
}

extension PlanAction {
    /// The digest of the live fields this action depends on, recomputed from a fresh read.
    public func currentDigest(in live: LiveState) -> String? {
        switch target {
        case .card(let id), .generatedCvc2(let id, _): return live.cards.first { $0.id == id }.map(CardDiff.liveDigest)
        case .pinnedChains: return PinnedChainDiff.liveDigest(live.pinnedChains ?? [])
        case .pinnedChain(let id): return PinnedChainDiff.liveDigest(of: id, in: live.pinnedChains ?? [])
        case .notifications(let scope): return NotificationDiff.liveDigest(live.filters(for: scope) ?? [])
        }
    }
}

extension LiveStateReader.Scope {
    /// Whatever the actions of a plan touch: cards always, pins and filter scopes when written.
    public static func actions(of plan: Plan) -> LiveStateReader.Scope {
        var scopes: [NotificationScope] = []
        var pins = false
        for action in plan.actions {
            switch action.target {
            case .pinnedChains, .pinnedChain: pins = true
            case .notifications(let scope): if !scopes.contains(scope) { scopes.append(scope) }
            case .card, .generatedCvc2: break
            }
        }
        return .explicit(pinnedChains: pins, notificationScopes: scopes)
    }
}
