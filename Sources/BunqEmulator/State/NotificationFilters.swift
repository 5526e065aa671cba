/// One notification filter: a category and, for URL filters, the callback target.
public struct NotificationFilter: Codable, Equatable, Sendable {
    public var id: Int
    public var created: String
    public var updated: String
    public var category: String
    /// HTTPS URL for URL filters; nil for push and email filters.
    public var notificationTarget: String?

    public init(id: Int, created: String, category: String, notificationTarget: String? = nil) {
        self.id = id
        self.created = created
        self.updated = created
        self.category = category
        self.notificationTarget = notificationTarget
    }
}

/// Every filter scope bunq has; a POST on a scope replaces that scope's whole list.
public struct NotificationFilters: Codable, Equatable, Sendable {
    public var url: [NotificationFilter]
    public var push: [NotificationFilter]
    public var email: [NotificationFilter]
    /// Per monetary account URL filters, keyed by the account id as a string (JSON keys are strings).
    public var accountUrl: [String: [NotificationFilter]]

    public init(
        url: [NotificationFilter] = [], push: [NotificationFilter] = [], email: [NotificationFilter] = [],
        accountUrl: [String: [NotificationFilter]] = [:]
    ) {
        self.url = url
        self.push = push
        self.email = email
        self.accountUrl = accountUrl
    }
}
