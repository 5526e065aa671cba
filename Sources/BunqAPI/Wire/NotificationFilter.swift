/// A URL callback filter: bunq POSTs events of `category` to `notificationTarget`.
public struct NotificationFilterURL: Codable, Hashable, Sendable {
    public var id: Int?
    public var created: BunqTimestamp?
    public var updated: BunqTimestamp?
    public var category: String
    /// An `https://` URL.
    public var notificationTarget: String

    public init(
        category: String, notificationTarget: String, id: Int? = nil,
        created: BunqTimestamp? = nil, updated: BunqTimestamp? = nil
    ) {
        self.id = id
        self.created = created
        self.updated = updated
        self.category = category
        self.notificationTarget = notificationTarget
    }

    enum CodingKeys: String, CodingKey {
        case id, created, updated, category
        case notificationTarget = "notification_target"
    }
}

/// A push or email notification filter: only a category.
public struct NotificationFilterCategory: Codable, Hashable, Sendable {
    public var category: String

    public init(category: String) { self.category = category }
}

/// The body of every notification-filter POST. It replaces the WHOLE set of its scope
/// (bunq drops the filters a POST leaves out); an empty list clears it.
public struct NotificationFiltersBody<Filter: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    public var notificationFilters: [Filter]

    public init(notificationFilters: [Filter]) { self.notificationFilters = notificationFilters }

    enum CodingKeys: String, CodingKey {
        case notificationFilters = "notification_filters"
    }
}

/// A filter as it is sent: read-only fields (`id`, `created`, `updated`) stay out, and a push
/// or email filter has no target.
public struct NotificationFilterEntry: Codable, Hashable, Sendable {
    public var category: String
    public var notificationTarget: String?

    public init(category: String, notificationTarget: String? = nil) {
        self.category = category
        self.notificationTarget = notificationTarget
    }

    enum CodingKeys: String, CodingKey {
        case category
        case notificationTarget = "notification_target"
    }
}
