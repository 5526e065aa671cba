import BunqAPI
import Foundation
import PolicyModel

/// How long the remaining writes take at best under bunq's rate limits, for the progress
/// line's ETA. bunq counts requests per method and endpoint, so the actions are grouped by
/// the endpoint their kind and target write to, and each group waits a window for every
/// full budget after its first.
enum PacingEstimate {
    static func seconds(for actions: [PlanAction], limits: RateLimits = .bunq) -> Double {
        var buckets: [Bucket: Int] = [:]
        for action in actions { buckets[bucket(action), default: 0] += 1 }
        return buckets.reduce(0) { total, entry in
            guard let rule = limits.rule(method: entry.key.method, pathTemplate: entry.key.endpoint) else { return total }
            let windows = max(0, (Double(entry.value) / Double(rule.limit)).rounded(.up) - 1)
            return total + windows * seconds(rule.window)
        }
    }

    struct Bucket: Hashable {
        let method: String
        /// The endpoint as bunq counts it, ids left out: all cards' updates are one endpoint.
        let endpoint: String
    }

    static func bucket(_ action: PlanAction) -> Bucket {
        switch (action.kind, action.target) {
        case (.updateCard, _): return Bucket(method: "PUT", endpoint: "/user/{id}/card/{id}")
        case (.createGeneratedCvc2, _): return Bucket(method: "POST", endpoint: "/user/{id}/card/{id}/generated-cvc2")
        case (.updateGeneratedCvc2, _): return Bucket(method: "PUT", endpoint: "/user/{id}/card/{id}/generated-cvc2/{id}")
        case (.pinCertificateChain, _): return Bucket(method: "POST", endpoint: "/user/{id}/certificate-pinned")
        case (.unpinCertificateChain, _): return Bucket(method: "DELETE", endpoint: "/user/{id}/certificate-pinned/{id}")
        case (.replaceNotificationFilters, .notifications(let scope)): return Bucket(method: "POST", endpoint: endpoint(scope))
        case (.replaceNotificationFilters, _): return Bucket(method: "POST", endpoint: "notification-filter")
        }
    }

    private static func endpoint(_ scope: NotificationScope) -> String {
        switch scope {
        case .userURL: return "/user/{id}/notification-filter-url"
        case .userPush: return "/user/{id}/notification-filter-push"
        case .userEmail: return "/user/{id}/notification-filter-email"
        case .accountURL: return "/user/{id}/monetary-account/{id}/notification-filter-url"
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func describe(_ seconds: Double) -> String {
        if seconds < 1 { return "under a second" }
        if seconds < 90 { return "about \(Int(seconds.rounded())) s" }
        return "about \(Int((seconds / 60).rounded())) min"
    }
}
