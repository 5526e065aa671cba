import ArgumentParser
import BunqEmulator
import Dispatch
import Foundation

/// `cardpolicy emulator`: run the local bunq API emulator until SIGINT or SIGTERM.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Run a local emulator of the bunq API (no account, no network).",
        discussion: """
            Serves bunq's endpoints for cards, certificate pinning and notification filters with bunq's \
            signatures, request-id checks and rate limits. A missing state file is created with a demo \
            state. See docs/emulator.md.
            """
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8089

    @Option(help: "The JSON state file; created with the demo state when missing. Without it the state lives in memory.")
    var state: String?

    @Option(help: "bunq: enforce bunq's rate limits; off: none.")
    var rateLimits = "bunq"

    @Flag(help: "Serve the /_emulator/ control endpoints (fault injection, call log, reset).")
    var faults = false

    @Option(help: "Session lifetime in seconds, instead of the user's session_timeout.")
    var sessionTimeout: Int?

    @Option(help: ArgumentHelp("The HTTP status (400-499) that refuses a request id the device used before.", valueName: "STATUS"))
    var reusedRequestIdStatus = ReusedRequestIdRefusal.standard.status

    @Option(help: ArgumentHelp("The error_description of that refusal; {id} stands for the refused id.", valueName: "TEXT"))
    var reusedRequestIdMessage = ReusedRequestIdRefusal.standardMessage

    @Flag(
        inversion: .prefixedNo,
        help:
            "Whether renaming a physical card moves its order status to CARD_UPDATE_REQUESTED, as a reprint; by default what the state file's options say (on)."
    )
    var nameChangeReprints: Bool?

    func validate() throws {
        guard RateLimitMode(rawValue: rateLimits) != nil else {
            throw ValidationError("--rate-limits must be bunq or off")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if let sessionTimeout, sessionTimeout <= 0 { throw ValidationError("--session-timeout must be positive") }
        // 401 and 429 mean something else to every client (a new session, a slower pace).
        guard (400...499).contains(reusedRequestIdStatus), ![401, 429].contains(reusedRequestIdStatus) else {
            throw ValidationError("--reused-request-id-status must be a 4xx other than 401 and 429")
        }
        if reusedRequestIdMessage.isEmpty { throw ValidationError("--reused-request-id-message must not be empty") }
    }

    func run() async throws {
        let configuration = EmulatorConfiguration(
            host: host, port: port, statePath: state, rateLimits: RateLimitMode(rawValue: rateLimits) ?? .bunq,
            faultControl: faults, sessionTimeoutSeconds: sessionTimeout,
            reusedRequestId: ReusedRequestIdRefusal(status: reusedRequestIdStatus, message: reusedRequestIdMessage),
            nameChangeReprints: nameChangeReprints
        )
        let server: BunqEmulatorServer
        do {
            server = try await BunqEmulatorServer.start(configuration)
        } catch EmulatorStartError.portInUse(let taken) {
            throw CommandFailure("port \(taken) is in use; pass --port 0 for a free one")
        }
        print("bunq emulator listening on \(server.baseURL) (state: \(state ?? "in memory"), rate limits: \(rateLimits)\(faults ? ", faults: on" : ""))")
        fflush(stdout)
        await Self.waitForTerminationSignal()
        try await server.stop()
    }

    /// Suspends until SIGINT or SIGTERM arrives.
    static func waitForTerminationSignal() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let queue = DispatchQueue(label: "cardpolicy.emulator.signals")
            let resumed = ResumeOnce(continuation)
            var sources: [DispatchSourceSignal] = []
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { resumed.resume() }
                source.resume()
                sources.append(source)
            }
            SignalSources.keep(sources)
        }
    }
}

/// Resumes a continuation at most once, whichever signal comes first.
private final class ResumeOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?

    init(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation = continuation
    }

    func resume() {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume()
    }
}

/// Keeps the signal sources alive for the life of the process.
private enum SignalSources {
    nonisolated(unsafe) static var retained: [DispatchSourceSignal] = []

    static func keep(_ sources: [DispatchSourceSignal]) {
        retained += sources
    }
}
