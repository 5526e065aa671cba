import PolicyModel

/// One scope's live filters.
public struct LiveNotificationScope: Hashable, Sendable {
    public var scope: NotificationScope
    public var filters: [LiveNotificationFilter]

    public init(scope: NotificationScope, filters: [LiveNotificationFilter]) {
        self.scope = scope
        self.filters = filters
    }
}
