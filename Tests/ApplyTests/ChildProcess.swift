import Foundation

/// A child process with its combined output collected, for tests that run the executable.
final class ChildProcess: @unchecked Sendable {
    private let process = Process()
    private let pipe = Pipe()
    private let lock = NSLock()
    private var collected = Data()

    init(_ executable: String, _ arguments: [String], environment: [String: String], directory: String) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["BUNQ_API_KEY"] = nil
        env.merge(environment) { $1 }
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.collected.append(data) }
        }
        try process.run()
    }

    var output: String { lock.withLock { String(decoding: collected, as: UTF8.self) } }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    func kill() { Foundation.kill(process.processIdentifier, SIGKILL) }
    func send(_ signal: Int32) { Foundation.kill(process.processIdentifier, signal) }
    func terminate() { process.terminate() }

    /// Waits at most 120 s; a hang is killed and reported as exit 124.
    func wait() -> Int32 {
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill()
            process.waitUntilExit()
            return 124
        }
        process.waitUntilExit()
        usleep(20_000)
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }
}

struct ChildProcessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
