import Foundation

/// How long the remaining writes take at best under bunq's rate limits (3 s windows:
/// POST 5, PUT 2, DELETE 2 per endpoint), for the progress line's ETA.
enum PacingEstimate {
    static let window: Double = 3
    static let perWindow: [String: Int] = ["GET": 3, "POST": 5, "PUT": 2, "DELETE": 2]

    static func seconds(for actions: [PlanAction]) -> Double {
        var buckets: [String: Int] = [:]
        for action in actions { buckets[bucket(action.request), default: 0] += 1 }
        return buckets.reduce(0) { total, entry in
            let method = String(entry.key.prefix { $0 != " " })
            let limit = Double(perWindow[method] ?? 2)
            return total + max(0, (Double(entry.value) / limit).rounded(.up) - 1) * window
        }
    }

    /// `PUT /user/{id}/card/{id}`: bunq counts all cards' updates as one endpoint.
    static func bucket(_ request: PlannedRequest) -> String {
        let template = request.path.split(separator: "/").map { $0.allSatisfy(\.isNumber) ? "{id}" : String($0) }
        return request.method + " /" + template.joined(separator: "/")
    }

    static func describe(_ seconds: Double) -> String {
        if seconds < 1 { return "under a second" }
        if seconds < 90 { return "about \(Int(seconds.rounded())) s" }
        return "about \(Int((seconds / 60).rounded())) min"
    }
}
