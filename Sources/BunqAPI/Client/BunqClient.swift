import AsyncHTTPClient
import Foundation
import Logging

/// The bunq API client: keeps the API context (installation, device, session), signs and
/// verifies every exchange, paces requests under bunq's rate limits, retries what is safe
/// to retry, and reads lists to the end.
///
/// Every call made through it is logged at `.debug` as method, path, status, duration and
/// request id; tokens, keys, signatures and bodies never are.
public actor BunqClient {
    let configuration: BunqClientConfiguration
    let apiKey: BunqAPIKey
    let store: ContextStore?
    let logger: Logger
    let transport: HTTPTransport
    let limiter: RateLimiter
    let clock: any PacingClock
    let jitter: @Sendable () -> Double

    var context: APIContext?
    var keyPair: InstallationKeyPair?
    var serverKey: ServerPublicKey?
    var savedContextLoaded = false
    var contextSetup: Task<Void, Error>?
    var sessionRenewal: Task<APIContext.Session, Error>?
    var attemptObserver: (@Sendable (AttemptRecord) -> Void)?
    /// What this client did to get a session, for `connect()`'s summary.
    var contextEvents = ContextEvents()
    /// Time spent so far on retries (waits and retried attempts), against `RetryPolicy.retryBudget`.
    var retryTimeSpent: Duration = .zero

    /// - Parameters:
    ///   - store: where the context is saved and restored; nil keeps it in memory only.
    ///   - logger: receives one `.debug` line per call, retries at `.notice`.
    ///   - clock: paces and backs off; tests pass a virtual one.
    ///   - jitter: a number in 0..<1 per backoff; random by default.
    ///   - httpClient: nil: `HTTPTransport.defaultHTTPClient`, which fails a refused connection at once.
    public init(
        configuration: BunqClientConfiguration, apiKey: BunqAPIKey, store: ContextStore?,
        logger: Logger = Logger(label: "cardpolicy.bunq"), httpClient: HTTPClient? = nil,
        clock: any PacingClock = SystemPacingClock(), jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.configuration = configuration
        self.apiKey = apiKey
        self.store = store
        self.logger = logger
        self.transport = HTTPTransport(
            httpClient: httpClient ?? HTTPTransport.defaultHTTPClient,
            timeout: configuration.retryPolicy.requestTimeout,
            maxBodyBytes: configuration.maxAnswerBytes)
        self.limiter = RateLimiter(limits: configuration.rateLimits, clock: clock)
        self.clock = clock
        self.jitter = jitter
    }

    /// Receives every HTTP attempt (including retries and failed ones), e.g. for a journal.
    public func observeAttempts(_ observer: (@Sendable (AttemptRecord) -> Void)?) {
        attemptObserver = observer
    }

    /// Makes sure there is a usable session, creating or renewing whatever is missing, and
    /// says what it had to do.
    @discardableResult
    public func connect() async throws -> ConnectionSummary {
        let session = try await validSession()
        return ConnectionSummary(
            userId: session.userId, userKind: session.userKind, sessionExpires: session.expires,
            createdInstallation: contextEvents.createdInstallation, registeredDevice: contextEvents.registeredDevice,
            openedSessions: contextEvents.openedSessions)
    }

    /// The id used as `{userID}` in paths (the session's user).
    public func userId() async throws -> Int {
        try await validSession().userId
    }

    /// The current context (secrets included), e.g. to inspect in tests. nil before `connect()`.
    public var currentContext: APIContext? { context }

    /// The API this client talks to.
    public nonisolated var environment: BunqEnvironment { configuration.environment }
}

/// What `connect()` found or had to create.
public struct ConnectionSummary: Sendable, Hashable {
    public let userId: Int
    public let userKind: String
    public let sessionExpires: Date
    /// A new installation (key pair) was registered in this client's lifetime.
    public let createdInstallation: Bool
    /// A new device-server was registered in this client's lifetime.
    public let registeredDevice: Bool
    /// Sessions opened in this client's lifetime (0 when the saved one was reused).
    public let openedSessions: Int
}

/// Counts of context work done by one client.
struct ContextEvents {
    var createdInstallation = false
    var registeredDevice = false
    var openedSessions = 0
}
