import ArgumentParser

/// `cardpolicy validate`: check policy files without talking to bunq.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check policy files and report every problem with its file:line:col."
    )
    func run() async throws {
        throw ExitCode.failure
    }
}
