import BunqAPI

/// A planned request's body: one of BunqAPI's typed request bodies, written by the encoder
/// whose bytes the client signs and sends, so the plan shows byte for byte what apply sends.
enum PlannedBody {
    /// Cannot fail on a body the diff builds: its only value the encoder refuses is an amount
    /// with more than 2 decimals, and the policy loader rejects those before any plan is made.
    static func text(_ body: some Encodable) -> String {
        try! RequestBodyText.of(body)
    }
}
