/// Whether the emulator enforces bunq's rate limits.
public enum RateLimitMode: String, Sendable, CaseIterable {
    /// bunq's numbers: GET 3, POST 5, PUT 2, DELETE 2 per 3 s; session-server 1 per 30 s.
    case bunq
    /// No limits, for benchmarks and tests that are not about pacing.
    case off
}

/// How to run an emulator: where it listens, where its state lives, what it enforces.
public struct EmulatorConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port; read it back from `BunqEmulatorServer.port`.
    public var port: Int
    /// The JSON state file: loaded at start (created with the demo state when missing) and
    /// saved atomically after each write. Nil keeps the state in memory only.
    public var statePath: String?
    public var rateLimits: RateLimitMode
    /// Serve the `/_emulator/` control endpoints (faults, call log, reset).
    public var faultControl: Bool
    /// Overrides the user's `session_timeout`, so tests can see sessions expire.
    public var sessionTimeoutSeconds: Int?
    /// How a repeated request id is refused. bunq documents neither the status nor the
    /// words, so a client must work whatever they are; tests vary them.
    public var reusedRequestId: ReusedRequestIdRefusal
    /// Overrides the state's `options.name_change_reprints` (whether renaming a physical card
    /// orders a reprint); nil keeps what the state says.
    public var nameChangeReprints: Bool?

    public init(
        host: String = "127.0.0.1", port: Int = 0, statePath: String? = nil, rateLimits: RateLimitMode = .bunq,
        faultControl: Bool = false, sessionTimeoutSeconds: Int? = nil,
        reusedRequestId: ReusedRequestIdRefusal = .standard, nameChangeReprints: Bool? = nil
    ) {
        self.host = host
        self.port = port
        self.statePath = statePath
        self.rateLimits = rateLimits
        self.faultControl = faultControl
        self.sessionTimeoutSeconds = sessionTimeoutSeconds
        self.reusedRequestId = reusedRequestId
        self.nameChangeReprints = nameChangeReprints
    }
}

/// The answer to a request id the device has used before: an HTTP status (a 4xx) and an
/// `error_description`, in which `{id}` stands for the refused id.
public struct ReusedRequestIdRefusal: Sendable, Hashable {
    public var status: Int
    public var message: String

    public init(status: Int = 400, message: String = ReusedRequestIdRefusal.standardMessage) {
        self.status = status
        self.message = message
    }

    public static let standardMessage = "The request id \"{id}\" has already been used by this device. Use a unique X-Bunq-Client-Request-Id per request."
    public static let standard = ReusedRequestIdRefusal()

    /// The description for one refused id.
    public func description(for requestId: String) -> String {
        message.replacingOccurrences(of: "{id}", with: requestId)
    }
}
