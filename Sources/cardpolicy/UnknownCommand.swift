import ArgumentParser
import PolicyModel

/// `cardpolicy pln`: ArgumentParser reports "Unexpected argument 'pln'", which does not say
/// that a command was expected, nor which one was meant.
enum UnknownCommand {
    /// The message for a first argument that names no command; nil when it is an option or
    /// a real command (then ArgumentParser's own message is about something else).
    static func message(arguments: [String]) -> String? {
        guard let word = arguments.first, !word.hasPrefix("-") else { return nil }
        let names = CardpolicyCommand.configuration.subcommands.map { $0._commandName } + ["help"]
        guard !names.contains(word) else { return nil }
        var text = "Error: '\(word)' is not a cardpolicy command"
        if let meant = NearestName.suggestion(for: word, among: names) { text += "; did you mean '\(meant)'?" }
        let listed = CardpolicyCommand.configuration.subcommands.map { $0._commandName }.joined(separator: ", ")
        return text + "\nThe commands: \(listed). See 'cardpolicy --help'."
    }
}
