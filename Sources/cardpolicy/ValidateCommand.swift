import ArgumentParser
import Foundation
import PolicyModel

extension DiagnosticFormat: ExpressibleByArgument {}

/// `cardpolicy validate`: check policy files without talking to bunq.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check policy files and report every problem with its file:line:col.",
        discussion: "Exits 0 when the policy is valid (warnings allowed) and 1 when it is not."
    )

    @Argument(help: "Policy files or directories (default: ./policies).")
    var paths: [String] = []

    @Option(help: "Output format: text, json or github (GitHub Actions annotations).")
    var format: DiagnosticFormat = .text

    func run() throws {
        let result = PolicyLoader.load(paths: paths)
        let color = format == .text && Terminal.wantsColor(fileDescriptor: STDOUT_FILENO)
        Terminal.write(format.render(result, color: color))
        if result.hasErrors { throw ExitCode.failure }
    }
}
