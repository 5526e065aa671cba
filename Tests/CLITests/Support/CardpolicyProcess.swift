import Foundation
import Testing

/// The repository root, found from this file's path so the tests run from any directory.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// What one run of the executable left behind.
struct CommandResult: CustomStringConvertible {
    let arguments: [String]
    let exitCode: Int32
    let stdout: String
    let stderr: String
    let seconds: Double

    var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLastEmpty() }
    var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLastEmpty() }

    /// Everything the run printed, for failure messages.
    var description: String {
        "cardpolicy \(arguments.joined(separator: " ")) → exit \(exitCode) in \(String(format: "%.1f", seconds)) s\n"
            + "--- stdout\n\(stdout.prefix(4000))\n--- stderr\n\(stderr.prefix(4000))"
    }
}

extension Array where Element == String {
    fileprivate func dropLastEmpty() -> [String] { last == "" ? Array(dropLast()) : self }
}

/// A run that did not finish in time: the hang itself is the failure.
struct CommandTimedOut: Error, CustomStringConvertible {
    let arguments: [String]
    let timeout: Double
    var description: String { "cardpolicy \(arguments.joined(separator: " ")) did not finish within \(timeout) s" }
}

/// Runs the real `cardpolicy` executable as a user would: its own working directory and
/// environment, output captured in files (pipes could fill and block a chatty child), and
/// killed after a timeout so a hang fails the test instead of stalling the suite.
enum Cardpolicy {
    /// `CARDPOLICY_BIN`, else the debug build that `swift build --build-tests` leaves behind.
    static var executable: String {
        if let path = ProcessInfo.processInfo.environment["CARDPOLICY_BIN"], !path.isEmpty { return path }
        return repositoryRoot.appendingPathComponent(".build/debug/cardpolicy").path
    }

    /// Variables that would point a run at a real account or a real context; never inherited.
    static let scrubbed = ["BUNQ_API_KEY", "BUNQ_API_URL", "CARDPOLICY_CONTEXT", "NO_COLOR", "CARDPOLICY_NOTIFY_SECRET"]

    static func run(
        _ arguments: [String], in directory: URL, environment overrides: [String: String] = [:],
        timeout: Double = 180
    ) async throws -> CommandResult {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw TestSetupError("\(executable) does not exist: run `swift build --build-tests` first, or set CARDPOLICY_BIN")
        }
        var environment = ProcessInfo.processInfo.environment
        for name in scrubbed { environment[name] = nil }
        // HOME inside the test directory: the default context path must never be the real one.
        environment["HOME"] = directory.path
        environment["NO_COLOR"] = "1"
        for (name, value) in overrides { environment[name] = value }

        let outURL = directory.appendingPathComponent(".run-\(UUID().uuidString).out")
        let errURL = directory.appendingPathComponent(".run-\(UUID().uuidString).err")
        guard FileManager.default.createFile(atPath: outURL.path, contents: nil),
            FileManager.default.createFile(atPath: errURL.path, contents: nil)
        else {
            throw TestSetupError("cannot create output files in \(directory.path)")
        }
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle

        let done = DispatchGroup()
        done.enter()
        // The end is taken when the child ends, not when this test resumes: under
        // `swift test --parallel` the test may wait long for a thread, and a "no hang"
        // check must measure the executable, not the test runner.
        let ended = Stamp()
        process.terminationHandler = { _ in
            ended.set()
            done.leave()
        }
        let started = Date()
        try process.run()
        try? outHandle.close()
        try? errHandle.close()

        let watchdog = Watchdog()
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
            guard process.isRunning else { return }
            watchdog.fire()
            process.terminate()
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + 3) { if process.isRunning { kill(pid, SIGKILL) } }
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            done.notify(queue: .global()) { continuation.resume() }
        }
        if watchdog.fired { throw CommandTimedOut(arguments: arguments, timeout: timeout) }
        return CommandResult(
            arguments: arguments, exitCode: process.terminationStatus,
            stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self),
            seconds: (ended.value ?? Date()).timeIntervalSince(started))
    }
}

/// A test that cannot start (missing executable, unwritable directory).
struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Set once by the timeout handler, read after the process ended.
private final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var fired: Bool { lock.withLock { value } }
    func fire() { lock.withLock { value = true } }
}

/// When the child ended, set from Foundation's termination handler thread.
private final class Stamp: @unchecked Sendable {
    private let lock = NSLock()
    private var time: Date?
    var value: Date? { lock.withLock { time } }
    func set() { lock.withLock { time = Date() } }
}
