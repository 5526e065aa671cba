import PolicyModel

/// What bunq holds now, as the diff needs it: read once per run with the fewest calls,
/// normalised away from the wire format so the diff stays a pure function.
public struct LiveState: Hashable, Sendable {
    public var userId: Int
    public var cards: [LiveCard]
    public var accounts: [LiveAccount]
    /// nil when not read (the policy has no `certificates`).
    public var pinnedChains: [LivePinnedChain]?
    /// Only the scopes the policy declares are read.
    public var notificationScopes: [LiveNotificationScope]
    /// Generated-CVC2 entries per card id, read only for cards whose CVC2 type must change.
    public var generatedCvc2: [Int: [LiveGeneratedCvc2]]

    public init(
        userId: Int, cards: [LiveCard] = [], accounts: [LiveAccount] = [], pinnedChains: [LivePinnedChain]? = nil,
        notificationScopes: [LiveNotificationScope] = [], generatedCvc2: [Int: [LiveGeneratedCvc2]] = [:]
    ) {
        self.userId = userId
        self.cards = cards
        self.accounts = accounts
        self.pinnedChains = pinnedChains
        self.notificationScopes = notificationScopes
        self.generatedCvc2 = generatedCvc2
    }

    public func filters(for scope: NotificationScope) -> [LiveNotificationFilter]? {
        notificationScopes.first { $0.scope == scope }?.filters
    }
}
