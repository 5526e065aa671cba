/// Writes whose body was fixed in advance: a saved plan holds the exact bytes it will send,
/// so the Applier sends those bytes, not a re-encoding of them.
extension BunqClient {
    /// What bunq answered to a planned write: the status and the raw (verified) body.
    public struct PlannedWriteAnswer: Sendable, Hashable {
        public let status: Int
        public let body: [UInt8]
    }

    /// Sends `body` as is to `path` (relative to the base URL) with `requestId`, with the
    /// same signing, verification, pacing and retries as every other write.
    public func sendPlannedWrite(
        method: String, path: String, body: [UInt8]?, requestId: RequestIdentity
    ) async throws -> WriteResult<PlannedWriteAnswer> {
        try await write(method, path: path, body: body, identity: requestId) { exchange, _ in
            PlannedWriteAnswer(status: exchange.answer.status, body: exchange.answer.body)
        }
    }
}
