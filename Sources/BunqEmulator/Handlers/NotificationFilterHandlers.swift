/// Notification filters: user URL, push and email, and per-account URL scopes.
/// A POST replaces its scope's whole set and answers the resulting list (not an `Id`), at most 2 targets per category.
enum NotificationFilterHandlers {
    enum Scope {
        case url, push, email, accountUrl

        var typeKey: String {
            switch self {
            case .url, .accountUrl: return "NotificationFilterUrl"
            case .push: return "NotificationFilterPush"
            case .email: return "NotificationFilterEmail"
            }
        }

        var hasTarget: Bool { self == .url || self == .accountUrl }
    }

    static let routes: [Route] = [
        Route("GET", "/user/{id}/notification-filter-url", { try list(&$0, $1, .url) }),
        Route("POST", "/user/{id}/notification-filter-url", { try replace(&$0, $1, .url) }),
        Route("GET", "/user/{id}/notification-filter-push", { try list(&$0, $1, .push) }),
        Route("POST", "/user/{id}/notification-filter-push", { try replace(&$0, $1, .push) }),
        Route("GET", "/user/{id}/notification-filter-email", { try list(&$0, $1, .email) }),
        Route("POST", "/user/{id}/notification-filter-email", { try replace(&$0, $1, .email) }),
        Route("GET", "/user/{id}/monetary-account/{id}/notification-filter-url", { try list(&$0, $1, .accountUrl) }),
        Route("POST", "/user/{id}/monetary-account/{id}/notification-filter-url", { try replace(&$0, $1, .accountUrl) })
    ]

    /// The categories bunq's documentation lists (its spec has no enum).
    static let categories: Set<String> = [
        "BILLING", "CARD_TRANSACTION_SUCCESSFUL", "CARD_TRANSACTION_FAILED", "CHAT", "DRAFT_PAYMENT", "IDEAL", "SOFORT",
        "MUTATION", "OAUTH", "PAYMENT", "REQUEST", "SCHEDULE_RESULT", "SCHEDULE_STATUS", "SHARE", "TAB_RESULT",
        "BUNQME_TAB", "SUPPORT", "MONETARY_ACCOUNT_PROFILE", "PROMOTION", "USER_APPROVAL"
    ]

    static func filters(_ state: EmulatorState, _ scope: Scope, accountKey: String) -> [NotificationFilter] {
        switch scope {
        case .url: return state.notificationFilters.url
        case .push: return state.notificationFilters.push
        case .email: return state.notificationFilters.email
        case .accountUrl: return state.notificationFilters.accountUrl[accountKey] ?? []
        }
    }

    /// Checks the user (and for the account scope, the account) and returns the account key.
    static func checkPath(_ state: EmulatorState, _ request: HandlerRequest, _ scope: Scope) throws -> String {
        try UserHandlers.requireUser(request.ids[0], state, request)
        guard scope == .accountUrl else { return "" }
        guard state.monetaryAccounts.contains(where: { $0.id == request.ids[1] }) else {
            throw BunqError.notFound("MonetaryAccount")
        }
        return String(request.ids[1])
    }

    static func listBody(_ items: [NotificationFilter], _ scope: Scope) -> JSONValue {
        Envelope.response(items.map { Envelope.typed(scope.typeKey, $0.wire) })
    }

    static func list(_ state: inout EmulatorState, _ request: HandlerRequest, _ scope: Scope) throws -> Reply {
        let key = try checkPath(state, request, scope)
        return Reply(body: listBody(filters(state, scope, accountKey: key), scope))
    }

    static func replace(_ state: inout EmulatorState, _ request: HandlerRequest, _ scope: Scope) throws -> Reply {
        let key = try checkPath(state, request, scope)
        let body = try RequestBody(request.body)
        try body.rejectUnknown(allowed: ["notification_filters"])
        guard let items = try body.array("notification_filters") else {
            throw BunqError.badRequest("Field \"notification_filters\" is required.")
        }
        var allowed: Set<String> = ["category", "all_user_id", "all_monetary_account_id"]
        if scope.hasTarget { allowed.formUnion(["notification_target", "all_verification_type"]) }
        var parsed: [(category: String, target: String?)] = []
        for item in items {
            let entry = try RequestBody(item)
            try entry.rejectUnknown(allowed: allowed)
            let category = try entry.requiredString("category")
            guard categories.contains(category) else {
                throw BunqError.badRequest("\"\(category)\" is not a valid notification category.")
            }
            var target: String?
            if scope.hasTarget {
                let url = try entry.requiredString("notification_target")
                guard url.lowercased().hasPrefix("https://"), url.count > "https://".count, !url.contains(" ") else {
                    throw BunqError.badRequest("The notification target \"\(url)\" must be an HTTPS URL.")
                }
                target = url
            }
            guard !parsed.contains(where: { $0.category == category && $0.target == target }) else {
                throw BunqError.badRequest("The notification filter for \(category) appears more than once.")
            }
            parsed.append((category, target))
        }
        if scope.hasTarget {
            for category in Set(parsed.map(\.category)) where parsed.filter({ $0.category == category }).count > 2 {
                throw BunqError.badRequest("You can add at most 2 callback URLs per notification category (\(category)).")
            }
        }
        let replacement = parsed.map {
            NotificationFilter(id: state.allocateId(), created: request.timestamp, category: $0.category, notificationTarget: $0.target)
        }
        switch scope {
        case .url: state.notificationFilters.url = replacement
        case .push: state.notificationFilters.push = replacement
        case .email: state.notificationFilters.email = replacement
        case .accountUrl: state.notificationFilters.accountUrl[key] = replacement.isEmpty ? nil : replacement
        }
        return Reply(body: listBody(replacement, scope), committed: true)
    }
}
