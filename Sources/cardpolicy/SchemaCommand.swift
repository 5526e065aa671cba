import ArgumentParser
import PolicyModel

/// `cardpolicy schema`: print the JSON Schema of the policy language.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of policy files, for editors."
    )

    func run() throws {
        Terminal.write(PolicySchema.json())
    }
}
