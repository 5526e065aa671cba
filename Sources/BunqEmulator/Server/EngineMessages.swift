/// A request as the HTTP layer hands it to the engine.
struct IncomingRequest {
    let method: String
    /// Full path, e.g. `/v1/user/7/card`.
    let path: String
    let query: String?
    let authentication: String?
    let signature: String?
    let requestId: String?
    let userAgent: String?
    let body: [UInt8]
}

/// What the locked part of the pipeline decided.
struct Processed {
    var status: Int
    var body: [UInt8]
    var headers: [(String, String)] = []
    /// 2xx answers are signed.
    var signed = false
    /// The state changed (and was saved).
    var committed = false
}

/// What to send back: status, headers, body bytes, or nothing at all (a dropped connection).
struct Outcome {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    var dropConnection = false
    var delivery: Delivery = .whole
}
