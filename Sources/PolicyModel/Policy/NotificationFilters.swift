import Foundation

/// One of bunq's notification-filter sets; a POST to it replaces the whole set.
public enum NotificationScope: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// `notification-filter-url` on the user: callbacks to HTTPS targets.
    case userURL
    /// `notification-filter-push` on the user: app push notifications.
    case userPush
    /// `notification-filter-email` on the user.
    case userEmail
    /// `monetary-account/{id}/notification-filter-url`.
    case accountURL(Int)

    public var description: String {
        switch self {
        case .userURL: return "notifications.url"
        case .userPush: return "notifications.push"
        case .userEmail: return "notifications.email"
        case .accountURL(let id): return "notifications.accounts.\(id).url"
        }
    }

    /// URL scopes carry a target per filter; push and email do not.
    public var hasTargets: Bool {
        switch self {
        case .userURL, .accountURL: return true
        case .userPush, .userEmail: return false
        }
    }

    private var order: (Int, Int) {
        switch self {
        case .userURL: return (0, 0)
        case .userPush: return (1, 0)
        case .userEmail: return (2, 0)
        case .accountURL(let id): return (3, id)
        }
    }

    public static func < (lhs: NotificationScope, rhs: NotificationScope) -> Bool { lhs.order < rhs.order }
}

/// One filter: a category, and for URL scopes the HTTPS target bunq calls.
public struct NotificationFilter: Hashable, Sendable {
    public var category: String
    public var target: String?
    public var location: SourceLocation

    public init(category: String, target: String?, location: SourceLocation) {
        self.category = category
        self.target = target
        self.location = location
    }
}

/// A scope the policy declares, and so owns: live filters not listed are removed.
public struct DeclaredNotificationScope: Hashable, Sendable {
    public var scope: NotificationScope
    public var filters: [NotificationFilter]
    public var location: SourceLocation
}

extension NodeReader {
    static let notificationKeys = ["url", "push", "email", "accounts"]

    func notificationScopes(_ node: YAMLNode) -> [DeclaredNotificationScope] {
        guard let mapping = mapping(node, "`notifications`") else { return [] }
        var result: [DeclaredNotificationScope] = []
        for entry in entries(mapping, allowed: Self.notificationKeys, in: "`notifications`") {
            switch entry.key {
            case "url": result += scope(.userURL, entry.value).map { [$0] } ?? []
            case "push": result += scope(.userPush, entry.value).map { [$0] } ?? []
            case "email": result += scope(.userEmail, entry.value).map { [$0] } ?? []
            default: result += accountScopes(entry.value)
            }
        }
        return result
    }

    private func accountScopes(_ node: YAMLNode) -> [DeclaredNotificationScope] {
        guard let mapping = mapping(node, "`notifications.accounts`") else { return [] }
        var result: [DeclaredNotificationScope] = []
        for (keyNode, value) in mapping {
            guard let account = identifier(keyNode, "an account under `notifications.accounts` (a monetary account id)") else { continue }
            guard let scopes = self.mapping(value, "`notifications.accounts.\(account)`") else { continue }
            for entry in entries(scopes, allowed: ["url"], in: "`notifications.accounts.\(account)` (bunq has only url filters per account)") {
                if let declared = scope(.accountURL(account), entry.value) { result.append(declared) }
            }
        }
        return result
    }

    private func scope(_ scope: NotificationScope, _ node: YAMLNode) -> DeclaredNotificationScope? {
        guard let items = sequence(node, "`\(scope)`") else { return nil }
        var filters: [NotificationFilter] = []
        var seen: [String: Int] = [:]
        var perCategory: [String: Int] = [:]
        var valid = true
        for item in items {
            guard let filter = notificationFilter(item, in: scope) else { valid = false; continue }
            let identity = filter.category + " " + (filter.target ?? "")
            if let line = seen[identity] {
                error(item, "this filter is listed twice in \(scope) (first at line \(line))")
                valid = false
                continue
            }
            seen[identity] = filter.location.line
            perCategory[filter.category, default: 0] += 1
            if scope.hasTargets, perCategory[filter.category]! > NotificationCategory.maxTargetsPerCategory {
                error(item, "bunq allows at most \(NotificationCategory.maxTargetsPerCategory) targets per category; \(filter.category) has more in \(scope)")
                valid = false
                continue
            }
            filters.append(filter)
        }
        return valid ? DeclaredNotificationScope(scope: scope, filters: filters, location: location(node)) : nil
    }

    private func notificationFilter(_ node: YAMLNode, in scope: NotificationScope) -> NotificationFilter? {
        guard let mapping = mapping(node, "a filter in `\(scope)`") else { return nil }
        let allowed = scope.hasTargets ? ["category", "target"] : ["category"]
        var category: String?
        var target: String?
        var present: Set<String> = []
        var ok = true
        for entry in entries(mapping, allowed: allowed, in: "a filter in `\(scope)`") {
            present.insert(entry.key)
            if entry.key == "category" {
                category = word(entry.value, "`category`", oneOf: NotificationCategory.all)
                if category == nil { ok = false }
            } else {
                target = httpsTarget(entry.value)
                if target == nil { ok = false }
            }
        }
        for key in allowed where !present.contains(key) {
            error(node, "a filter in `\(scope)` needs `\(key)`")
            ok = false
        }
        guard ok, mapping.count == present.count, let category else { return nil }
        return NotificationFilter(category: category, target: target, location: location(node))
    }

    private func httpsTarget(_ node: YAMLNode) -> String? {
        guard let text = nonEmptyString(node, "`target`") else { return nil }
        guard text.lowercased().hasPrefix("https://"), let url = URL(string: text), let host = url.host, !host.isEmpty,
            !text.contains(" ")
        else {
            error(node, "`target` must be an https:// URL (bunq calls only HTTPS), found \"\(Self.clip(text))\"")
            return nil
        }
        return text
    }
}
