import BunqAPI
import BunqEmulator
import Foundation
import Logging

/// A real emulator on 127.0.0.1 plus a scratch directory for context files.
struct EmulatorFixture {
    let emulator: BunqEmulatorServer
    let directory: TemporaryDirectory

    /// Retries that do not slow the suite down; bounded like the real ones.
    static let quickRetries = RetryPolicy(
        rateLimitRetries: 4, rateLimitBaseDelay: .milliseconds(40), ambiguousFailureRetries: 2,
        ambiguousFailureBaseDelay: .milliseconds(40), maxDelay: .milliseconds(500), requestTimeout: .seconds(10))

    /// Demo card 2079040: ACTIVE, fallback account 2078790 (Buffer).
    static let activeCardId = 2_079_040
    static let bufferAccountId = 2_078_790

    var contextPath: String { directory.file("context/context.json") }

    /// A client for this emulator; each call is a new process's worth of client state.
    func client(
        apiKey: String = "test-api-key", contextPath: String? = nil, rateLimits: RateLimits = .off,
        retryPolicy: RetryPolicy = EmulatorFixture.quickRetries,
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
        configure: (inout BunqClientConfiguration) -> Void = { _ in }
    ) -> BunqClient {
        var configuration = BunqClientConfiguration(
            environment: BunqEnvironment(baseURL: emulator.baseURL), rateLimits: rateLimits, retryPolicy: retryPolicy)
        configure(&configuration)
        return BunqClient(
            configuration: configuration, apiKey: BunqAPIKey(apiKey)!,
            store: ContextStore(path: contextPath ?? self.contextPath), logger: logger)
    }

    /// Calls to paths matching `suffix` (e.g. "/card"), without the `/v1` prefix.
    func calls(_ method: String, _ template: String) -> [RecordedCall] {
        emulator.calls().filter { $0.method == method && $0.template == template }
    }
}

/// Runs `body` against a fresh emulator and always stops it.
@discardableResult
func withEmulator<T>(
    state: EmulatorState = .demo(), rateLimits: RateLimitMode = .off, sessionTimeoutSeconds: Int? = nil,
    reusedRequestId: ReusedRequestIdRefusal = .standard,
    _ body: (EmulatorFixture) async throws -> T
) async throws -> T {
    let directory = try TemporaryDirectory()
    let emulator = try await BunqEmulatorServer.start(
        EmulatorConfiguration(
            port: 0, rateLimits: rateLimits, sessionTimeoutSeconds: sessionTimeoutSeconds,
            reusedRequestId: reusedRequestId), state: state)
    let fixture = EmulatorFixture(emulator: emulator, directory: directory)
    do {
        let result = try await body(fixture)
        try await emulator.stop()
        directory.remove()
        return result
    } catch {
        try? await emulator.stop()
        directory.remove()
        throw error
    }
}
