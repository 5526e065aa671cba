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
    ///
    /// - Parameter requestIdMayBeUsed: an earlier run sent `requestId` and never learnt the
    ///   answer, so bunq may refuse it as a repeat: any such refusal comes back as
    ///   `.refusedRepeat` for the caller to settle by re-reading, never as an error.
    /// - Parameter retriesAmbiguousFailures: false when the caller settles a lost answer by
    ///   reading bunq: a timeout, reset or 5xx is then thrown at once, never re-sent.
    public func sendPlannedWrite(
        method: String, path: String, body: [UInt8]?, requestId: RequestIdentity, requestIdMayBeUsed: Bool = false,
        retriesAmbiguousFailures: Bool = true
    ) async throws -> WriteResult<PlannedWriteAnswer> {
        var call = Call(method: method, path: path, body: body, style: .write)
        call.identityMayBeUsed = requestIdMayBeUsed
        call.retriesAmbiguousFailures = retriesAmbiguousFailures
        switch try await perform(call, identity: requestId) {
        case .answered(let exchange):
            return .applied(PlannedWriteAnswer(status: exchange.answer.status, body: exchange.answer.body), exchange.receipt)
        case .refusedRepeat(let exchange, let refusal):
            return .refusedRepeat(exchange.receipt, refusal: refusal)
        }
    }
}
