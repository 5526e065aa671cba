import BunqAPI
import PolicyModel

/// A filter POST replaces the whole scope, dropping the filters it leaves out, so a scope that differs in any way gets
/// one POST with the complete desired set, and a scope that matches gets nothing.
enum NotificationDiff {
    static func action(_ declared: DeclaredNotificationScope, live: [LiveNotificationFilter], userId: Int) -> PlanAction? {
        let desired = declared.filters.map { LiveNotificationFilter(category: $0.category, target: $0.target) }
        guard multiset(desired) != multiset(live) else { return nil }
        let removed = subtract(live, desired)
        let added = subtract(desired, live)
        let changes =
            removed.map { FieldChange(field: $0.category, before: $0.target ?? "on", after: nil, beforeValue: .filter($0)) }
            + added.map { FieldChange(field: $0.category, before: nil, after: $0.target ?? "on", afterValue: .filter($0)) }
        let body = NotificationFiltersBody(
            notificationFilters: desired.map {
                NotificationFilterEntry(category: $0.category, notificationTarget: $0.target)
            })
        let request = PlannedRequest(
            method: "POST", path: path(declared.scope, userId: userId),
            body: PlannedBody.text(body))
        return PlanAction(
            id: declared.scope.description, kind: .replaceNotificationFilters, resource: declared.scope.description,
            changes: changes, target: .notifications(declared.scope), request: request, irreversible: false, sources: [declared.location],
            liveDigest: liveDigest(live), ledger: nil)
    }

    static func path(_ scope: NotificationScope, userId: Int) -> String {
        switch scope {
        case .userURL: return "/user/\(userId)/notification-filter-url"
        case .userPush: return "/user/\(userId)/notification-filter-push"
        case .userEmail: return "/user/\(userId)/notification-filter-email"
        case .accountURL(let account): return "/user/\(userId)/monetary-account/\(account)/notification-filter-url"
        }
    }

    static func liveDigest(_ live: [LiveNotificationFilter]) -> String {
        Digest.sha256(live.map { "\($0.category)=\($0.target ?? "")" }.sorted().joined(separator: "\n"))
    }

    private static func multiset(_ filters: [LiveNotificationFilter]) -> [LiveNotificationFilter: Int] {
        filters.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    private static func subtract(_ a: [LiveNotificationFilter], _ b: [LiveNotificationFilter]) -> [LiveNotificationFilter] {
        var remaining = multiset(b)
        return a.filter { filter in
            if let count = remaining[filter], count > 0 {
                remaining[filter] = count - 1
                return false
            }
            return true
        }
    }
}
