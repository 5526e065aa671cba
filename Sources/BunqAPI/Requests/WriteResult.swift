import Foundation

/// One HTTP attempt of a request, for the apply journal.
public struct AttemptRecord: Sendable, Hashable {
    public let method: String
    /// The path with its query, relative to the base URL.
    public let path: String
    public let requestId: String
    /// nil when no answer came (timeout, dropped connection).
    public let status: Int?
    public let responseId: String?
    /// Why there was no usable answer, if so.
    public let failure: String?
    public let startedAt: Date
    public let duration: Duration
}

/// What a write left behind: the request id that decided it, bunq's response id and
/// every attempt made.
public struct WriteReceipt: Sendable, Hashable {
    /// The identity of the last attempt (the one whose answer is the result).
    public let identity: RequestIdentity
    public let status: Int
    public let responseId: String?
    public let attempts: [AttemptRecord]
}

/// The outcome of a write (PUT, POST, DELETE).
public enum WriteResult<Value: Sendable>: Sendable {
    /// bunq carried out the write and answered with `Value`.
    case applied(Value, WriteReceipt)
    /// bunq refused a write whose request id may have been used before (re-sent after an
    /// ambiguous failure, or sent by an interrupted run). An earlier attempt with that id may
    /// have been carried out (its answer lost) or not; bunq's refusal does not say which, so
    /// the caller re-reads the resource to find out, and retries with
    /// `receipt.identity.nextAttempt()` if it was not.
    case refusedRepeat(WriteReceipt, refusal: BunqError.HTTPFailure)

    public var receipt: WriteReceipt {
        switch self {
        case .applied(_, let receipt), .refusedRepeat(let receipt, _): return receipt
        }
    }

    /// The answer, if the write was applied in this call.
    public var value: Value? {
        if case .applied(let value, _) = self { return value }
        return nil
    }
}
