import ArgumentParser
import BunqAPI

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
            DriftCommand.self,
            ExportCommand.self,
            SchemaCommand.self,
            EmulatorCommand.self,
        ]
    )
}
