import ArgumentParser
import BunqAPI
import Foundation

/// The `cardpolicy` command: keeps bunq cards in the state a policy repository declares.
@main
struct CardpolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cardpolicy",
        abstract: "Keep bunq cards in the state that a repository of YAML policies declares.",
        version: CardpolicyVersion.current,
        subcommands: [
            ValidateCommand.self,
            PlanCommand.self,
            ApplyCommand.self,
            ShowCommand.self,
            DriftCommand.self,
            ExportCommand.self,
            UnlockCommand.self,
            SchemaCommand.self,
            EmulatorCommand.self
        ]
    )

    /// Every error exits 1, as scripts and CI expect. ArgumentParser ends a wrong command line (an unknown
    /// option, a bad value, a refusal from `validate()`) with 64, EX_USAGE, which a scheduled
    /// `cardpolicy drift` switching on 0/1/2/3 would not take for an error. Same message, exit 1.
    static func main() async {
        do {
            var command = try await asyncParseAsRoot(nil)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if let text = FileErrorText.describe(error) {
                FileHandle.standardError.write(Data("Error: \(text)\n".utf8))
                Foundation.exit(ExitCode.failure.rawValue)
            }
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            if let text = UnknownCommand.message(arguments: Array(CommandLine.arguments.dropFirst())) {
                FileHandle.standardError.write(Data((text + "\n").utf8))
                Foundation.exit(ExitCode.failure.rawValue)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitCode.failure.rawValue)
        }
    }
}
