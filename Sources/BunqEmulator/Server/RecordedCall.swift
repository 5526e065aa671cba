import Foundation

/// One request the emulator answered (or dropped), for tests to inspect.
public struct RecordedCall: Sendable, Equatable {
    public let method: String
    /// Path as requested, including `/v1`.
    public let path: String
    public let query: String?
    /// The path with ids as `{id}`, relative to `/v1`: the rate-limit bucket.
    public let template: String
    public let status: Int
    public let requestId: String?
    public let responseId: String
    /// The request body as received. Secrets of device-server and session-server are redacted.
    public let requestBody: [UInt8]
    public let time: Date
    /// True when a fault dropped the connection instead of answering.
    public let dropped: Bool

    public var requestBodyText: String { String(decoding: requestBody, as: UTF8.self) }
}
