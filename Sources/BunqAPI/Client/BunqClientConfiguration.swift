/// How a `BunqClient` talks to bunq: where, how fast, how patiently, and as what device.
public struct BunqClientConfiguration: Sendable {
    public var environment: BunqEnvironment
    public var rateLimits: RateLimits
    public var retryPolicy: RetryPolicy
    /// `description` of the device-server registered for this context.
    public var deviceDescription: String
    /// `permitted_ips` of the device-server; nil binds it to the calling IP (bunq's default).
    /// A wildcard API key accepts `["*"]`.
    public var permittedIPs: [String]?
    public var language: String
    public var region: String
    public var geolocation: String
    public var userAgent: String
    /// Items per list call; bunq's maximum is 200 (its default, 10, would multiply the calls).
    public var pageSize: Int
    /// A session with less than this left is renewed before the next call.
    public var sessionRenewalMargin: Duration
    /// Session lifetime assumed when bunq's user object carries no `session_timeout`.
    public var assumedSessionTimeout: Duration
    /// The largest answer body read (64 MiB: a page of 200 cards is about 300 KB). A larger
    /// answer is an error and is not retried.
    public var maxAnswerBytes: Int
    public static let defaultMaxAnswerBytes = 64 * 1024 * 1024

    public init(
        environment: BunqEnvironment = .production, rateLimits: RateLimits = .bunq, retryPolicy: RetryPolicy = .standard,
        deviceDescription: String = "cardpolicy", permittedIPs: [String]? = nil, language: String = "en_US",
        region: String = "nl_NL", geolocation: String = "0 0 0 0 NL",
        userAgent: String = "cardpolicy/\(CardpolicyVersion.current)", pageSize: Int = 200,
        sessionRenewalMargin: Duration = .seconds(30), assumedSessionTimeout: Duration = .seconds(3600),
        maxAnswerBytes: Int = BunqClientConfiguration.defaultMaxAnswerBytes
    ) {
        precondition((1...200).contains(pageSize), "bunq lists take count 1...200")
        self.environment = environment
        self.rateLimits = rateLimits
        self.retryPolicy = retryPolicy
        self.deviceDescription = deviceDescription
        self.permittedIPs = permittedIPs
        self.language = language
        self.region = region
        self.geolocation = geolocation
        self.userAgent = userAgent
        self.pageSize = pageSize
        self.sessionRenewalMargin = sessionRenewalMargin
        self.assumedSessionTimeout = assumedSessionTimeout
        self.maxAnswerBytes = max(1, maxAnswerBytes)
    }
}
