import Foundation

/// The `X-Bunq-Client-Request-Id` of a request: a stable `base` plus an attempt number,
/// sent as `<base>-a<attempt>`.
///
/// bunq rejects an id it has seen before on the same device, which is what makes a
/// write safe to repeat: after an ambiguous failure (timeout, reset, 5xx) the client
/// re-sends the SAME id, so bunq either does the write once or says the id was used.
/// After a clear rejection (429, 401) nothing was done and the next attempt number is used.
/// Callers that plan writes (the Applier) pass a deterministic base; otherwise it is a UUID.
public struct RequestIdentity: Hashable, Sendable, CustomStringConvertible {
    public let base: String
    public let attempt: Int

    public init(base: String, attempt: Int = 1) {
        precondition(attempt >= 1, "attempts count from 1")
        self.base = base
        self.attempt = attempt
    }

    /// A fresh identity with a random UUID base.
    public static func random() -> RequestIdentity {
        RequestIdentity(base: UUID().uuidString.lowercased())
    }

    /// The header value.
    public var headerValue: String { "\(base)-a\(attempt)" }

    /// The identity for a new attempt after a clear rejection.
    public func nextAttempt() -> RequestIdentity {
        RequestIdentity(base: base, attempt: attempt + 1)
    }

    public var description: String { headerValue }
}
