import ArgumentParser

/// `cardpolicy schema`: print the JSON Schema of the policy language.
struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of policy files."
    )
    func run() async throws {
        throw ExitCode.failure
    }
}
