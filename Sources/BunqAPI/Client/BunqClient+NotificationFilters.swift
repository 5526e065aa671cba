/// Where URL callbacks are configured: for the user, or for one monetary account.
public enum NotificationFilterScope: Hashable, Sendable {
    case user
    case monetaryAccount(Int)
}

/// Notification filters: URL callbacks (per user or per account), push and email.
/// A POST replaces the whole set of its scope: always send the full desired list, or the
/// filters left out are deleted.
extension BunqClient {
    public func urlNotificationFilters(scope: NotificationFilterScope = .user) async throws -> [NotificationFilterURL] {
        try await getAll(NotificationFilterURL.self, path: try await urlFilterPath(scope)).map(\.value)
    }

    /// Replaces every URL filter of `scope` with `filters` (`[]` clears it); answers the set bunq now has.
    public func replaceURLNotificationFilters(
        _ filters: [NotificationFilterURL], scope: NotificationFilterScope = .user, requestId: RequestIdentity? = nil
    ) async throws -> WriteResult<[NotificationFilterURL]> {
        let path = try await urlFilterPath(scope)
        let entries = filters.map { NotificationFilterEntry(category: $0.category, notificationTarget: $0.notificationTarget) }
        return try await replaceFilters(entries, of: NotificationFilterURL.self, path: path, requestId: requestId)
    }

    public func pushNotificationFilters() async throws -> [NotificationFilterCategory] {
        let user = try await userId()
        return try await getAll(NotificationFilterCategory.self, path: "/user/\(user)/notification-filter-push").map(\.value)
    }

    public func replacePushNotificationFilters(
        _ filters: [NotificationFilterCategory], requestId: RequestIdentity? = nil
    ) async throws -> WriteResult<[NotificationFilterCategory]> {
        let user = try await userId()
        return try await replaceFilters(
            filters, of: NotificationFilterCategory.self, path: "/user/\(user)/notification-filter-push", requestId: requestId)
    }

    public func emailNotificationFilters() async throws -> [NotificationFilterCategory] {
        let user = try await userId()
        return try await getAll(NotificationFilterCategory.self, path: "/user/\(user)/notification-filter-email").map(\.value)
    }

    public func replaceEmailNotificationFilters(
        _ filters: [NotificationFilterCategory], requestId: RequestIdentity? = nil
    ) async throws -> WriteResult<[NotificationFilterCategory]> {
        let user = try await userId()
        return try await replaceFilters(
            filters, of: NotificationFilterCategory.self, path: "/user/\(user)/notification-filter-email", requestId: requestId)
    }

    private func urlFilterPath(_ scope: NotificationFilterScope) async throws -> String {
        let user = try await userId()
        switch scope {
        case .user: return "/user/\(user)/notification-filter-url"
        case .monetaryAccount(let account): return "/user/\(user)/monetary-account/\(account)/notification-filter-url"
        }
    }

    /// POSTs the full set. bunq answers with the resulting list (not `{Id}` as its spec
    /// says); should an `{Id}` answer come, the set is read back instead.
    private func replaceFilters<Entry: Codable & Hashable & Sendable, Filter: ListedItem & Sendable>(
        _ entries: [Entry], of type: Filter.Type, path: String, requestId: RequestIdentity?
    ) async throws -> WriteResult<[Filter]> {
        let body = try encodeBody(NotificationFiltersBody(notificationFilters: entries), path: path)
        let result = try await write("POST", path: path, body: body, identity: requestId) { exchange, call in
            try self.decode(ResponseEnvelope<ItemOrId<Filter>>.self, from: exchange, of: call).items
        }
        let items: [ItemOrId<Filter>], receipt: WriteReceipt
        switch result {
        case .applied(let answered, let answeredReceipt): (items, receipt) = (answered, answeredReceipt)
        case .refusedRepeat(let refused, let refusal): return .refusedRepeat(refused, refusal: refusal)
        }
        var filters: [Filter] = []
        for item in items {
            guard case .item(let keyed) = item else {
                return .applied(try await getAll(Filter.self, path: path).map(\.value), receipt)
            }
            filters.append(keyed.value)
        }
        return .applied(filters, receipt)
    }
}
