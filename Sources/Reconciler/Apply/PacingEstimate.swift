import BunqAPI
import Foundation
import PolicyModel

/// How long the remaining writes take at best under bunq's rate limits, for the progress
/// line's ETA. bunq counts requests per method and endpoint, so the actions are grouped by
/// the endpoint their kind and target write to, and each group waits a window for every
/// full budget after its first.
enum PacingEstimate {
    /// - Parameter sent: requests this apply has made so far, per endpoint: they went as fast
    ///   as the limits let them, so the next ones share their window (k sent and n to go end
    ///   ⌈(k+n)/limit⌉ windows after the first, of which ⌈k/limit⌉ are behind).
    static func seconds(for steps: [ApplyStep], readPages: Int = 0, sent: [Bucket: Int] = [:], limits: RateLimits = .bunq) -> Double {
        var buckets: [Bucket: Int] = [:]
        for step in steps { buckets[bucket(step), default: 0] += 1 }
        // Reading the cards back after the writes: the card listing, a page per request.
        if readPages > 0 { buckets[Bucket(method: "GET", endpoint: "/user/{id}/card")] = readPages }
        return buckets.reduce(0) { total, entry in
            guard let rule = limits.rule(method: entry.key.method, pathTemplate: entry.key.endpoint) else { return total }
            let done = Double(sent[entry.key] ?? 0)
            let last = ((done + Double(entry.value)) / Double(rule.limit)).rounded(.up)
            let windows = max(0, last - max(1, (done / Double(rule.limit)).rounded(.up)))
            return total + windows * seconds(rule.window)
        }
    }

    struct Bucket: Hashable {
        let method: String
        /// The endpoint as bunq counts it, ids left out: all cards' updates are one endpoint.
        let endpoint: String
    }

    static func bucket(_ step: ApplyStep) -> Bucket {
        switch step {
        case .single(let action): return bucket(action)
        case .batch: return Bucket(method: "POST", endpoint: "/user/{id}/card-batch")
        }
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

extension Plan {
    /// The whole apply's duration at best under bunq's limits, writes and the read-back of
    /// the cards after them, said before anything is written:
    /// `about 9 s (2 card-batch requests, 3 PUTs, then 5 card pages read back)`.
    public func applyEstimate(estateSize: Int) -> String {
        let steps = ApplyStep.schedule(self, pending: actions, history: JournalHistory([]))
        let pages = max(1, (estateSize + CardReread.pageSize - 1) / CardReread.pageSize)
        let seconds = PacingEstimate.seconds(for: steps, readPages: pages)
        var requests: [String: Int] = [:]
        var order: [String] = []
        for step in steps {
            let name: String
            switch step {
            case .batch: name = "card-batch request"
            case .single(let action): name = action.request.method
            }
            if requests[name] == nil { order.append(name) }
            requests[name, default: 0] += 1
        }
        let parts = order.map { name in
            let count = requests[name]!
            return "\(count) \(name)\(count == 1 ? "" : "s")"
        }
        let read = "\(pages) card page\(pages == 1 ? "" : "s") read back"
        return "\(PacingEstimate.describe(seconds)) (\(parts.joined(separator: ", ")), then \(read))"
    }
}
