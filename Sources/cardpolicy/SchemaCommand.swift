import ArgumentParser
import PolicyModel
import Reconciler

/// `cardpolicy schema`: print the JSON Schema of the policy language, or with `--plan` of
/// the plan JSON that `plan --format json` and `plan --out` write.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of policy files, for editors, or with --plan of plan JSON."
    )

    @Flag(name: .customLong("plan"), help: "Print the schema of plan JSON (`plan --format json`, `plan --out`) instead.")
    var plan = false

    func run() throws {
        Terminal.write(plan ? PlanSchema.json() : PolicySchema.json())
    }
}
