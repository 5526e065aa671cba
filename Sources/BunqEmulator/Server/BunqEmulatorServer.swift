import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A running bunq emulator on 127.0.0.1: start it, point a client at `baseURL`, stop it.
public final class BunqEmulatorServer: Sendable {
    let engine: EmulatorEngine
    private let services: ServiceGroup
    private let task: Task<Void, any Error>
    public let port: Int
    /// e.g. `http://127.0.0.1:54321/v1`, no trailing slash.
    public let baseURL: String

    private init(engine: EmulatorEngine, services: ServiceGroup, task: Task<Void, any Error>, host: String, port: Int) {
        self.engine = engine
        self.services = services
        self.task = task
        self.port = port
        self.baseURL = "http://\(host):\(port)/v1"
    }

    /// Starts an emulator. The state is `state` when given, else the state file when it
    /// exists, else the demo state (written to the state file when one is configured).
    public static func start(_ configuration: EmulatorConfiguration, state: EmulatorState? = nil) async throws -> BunqEmulatorServer {
        let initial: EmulatorState
        if let state {
            initial = state
        } else if let path = configuration.statePath, FileManager.default.fileExists(atPath: path) {
            initial = try EmulatorState.load(from: path)
        } else {
            initial = EmulatorState.demo()
        }
        var logger = Logger(label: "bunq-emulator")
        logger.logLevel = .warning
        let engine = try EmulatorEngine(state: initial, configuration: configuration, logger: logger)
        // Hummingbird reports the cancellation that stops it as an error; only its worst is shown.
        var serverLogger = logger
        serverLogger.logLevel = .critical
        if configuration.statePath != nil { engine.persistNow() }

        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let responder = EmulatorResponder(engine: engine, control: configuration.faultControl ? ControlEndpoints(engine: engine) : nil)
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: serverLogger
        )
        let services = ServiceGroup(configuration: .init(services: [app], logger: serverLogger))
        let task = Task {
            defer { continuation.finish() }
            try await services.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            // The server never came up (e.g. the port is taken): surface its error.
            do {
                try await task.value
            } catch let error as IOError where error.errnoCode == EADDRINUSE {
                // NIO's own text is `bind(descriptor:ptr:bytes:): Address already in use) (errno: 98)`.
                throw EmulatorStartError.portInUse(configuration.port)
            }
            throw EmulatorStartError.notListening
        }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return BunqEmulatorServer(engine: engine, services: services, task: task, host: host, port: port)
    }

    /// Stops listening, closes the connections and waits until the port is released.
    ///
    /// A graceful shutdown, not a cancellation: cancelling the server task while a connection
    /// it just accepted waits to be served leaves that connection's NIOAsyncWriter unfinished,
    /// and NIO stops the process on its precondition "Deinited NIOAsyncWriter without calling
    /// finish()" (apple/swift-nio#3481). A client with keep-alive connections (AsyncHTTPClient
    /// opens spare ones for concurrent requests) hit that in about 1 of 100 `--emulator` runs.
    /// Cancellation stays as the fallback for a connection that does not close in time.
    public func stop() async throws {
        await services.triggerGracefulShutdown()
        let task = self.task
        let fallback = Task {
            try await Task.sleep(for: .seconds(5))
            task.cancel()
        }
        defer { fallback.cancel() }
        do {
            try await task.value
        } catch is CancellationError {
            // Expected when the fallback had to cancel.
        }
    }

    /// Every request answered so far, oldest first.
    public func calls() -> [RecordedCall] { engine.calls() }

    public func resetCalls() { engine.resetCalls() }

    public func inject(_ fault: Fault) { engine.inject(fault) }

    public func clearFaults() { engine.clearFaults() }

    /// Forgets the rate-limit windows.
    public func resetRateLimits() { engine.resetRateLimits() }

    /// The current state (a copy).
    public func snapshot() -> EmulatorState { engine.snapshot() }

    /// Changes the live state, e.g. "someone raised a limit in the app"; saved like any write.
    public func mutate(_ body: (inout EmulatorState) -> Void) { engine.mutate(body) }
}

/// Why an emulator did not start.
public enum EmulatorStartError: Error, CustomStringConvertible {
    case notListening
    /// Another process listens on the port.
    case portInUse(Int)

    public var description: String {
        switch self {
        case .notListening: return "the bunq emulator did not start listening"
        case .portInUse(let port): return "port \(port) is in use"
        }
    }
}
