import BunqEmulator
import Foundation

/// A fresh temporary directory per test with its own emulator state file, ledger and API
/// context, so tests run in parallel without sharing anything but the executable.
final class Workspace: @unchecked Sendable {
    let directory: URL

    /// The emulator state file passed to `--emulator`.
    var statePath: String { directory.appendingPathComponent("bunq.json").path }
    /// The ledger passed to `--state`.
    var ledgerPath: String { directory.appendingPathComponent("ledger.json").path }
    /// Where `--emulator STATE.json` keeps the API context: beside the state, `<state>.context.json`.
    var contextPath: String { directory.appendingPathComponent("bunq.context.json").path }

    /// `state`: written as the emulator's state file; nil leaves it missing (the
    /// executable then creates the demo state itself).
    init(state: EmulatorState? = nil) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cardpolicy-cli-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if let state { try state.save(to: statePath) }
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The options that point a command at this workspace's emulator and ledger.
    var connection: [String] { ["--emulator", statePath, "--state", ledgerPath] }

    func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    /// Writes a file (creating directories) and returns its absolute path.
    @discardableResult
    func write(_ text: String, to relative: String) throws -> String {
        let url = directory.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Changes bunq's state between runs, as someone using the bunq app would. The file is
    /// read and written through the emulator's own state format, API context included, so
    /// the saved client context stays valid.
    func changeState(_ change: (inout EmulatorState) throws -> Void) throws {
        var state = try EmulatorState.load(from: statePath)
        try change(&state)
        try state.save(to: statePath)
    }

    func state() throws -> EmulatorState { try EmulatorState.load(from: statePath) }

    /// The API context the executable saved, as JSON.
    func context() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: contextPath))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Runs `cardpolicy` with this directory as working directory and HOME.
    func run(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 180) async throws -> CommandResult {
        try await Cardpolicy.run(arguments, in: directory, environment: environment, timeout: timeout)
    }
}

/// The repository's example policies, the ones the README walks through against the demo state.
let repositoryPolicies = repositoryRoot.appendingPathComponent("policies").path
