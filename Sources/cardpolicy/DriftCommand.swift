import ArgumentParser
import Foundation
import Reconciler

/// `cardpolicy drift`: a scheduled check that bunq still matches the repository.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Report where bunq no longer matches the policy (someone changed a card in the app).",
        discussion: "Exit codes: 0 no drift, 1 error, 2 drift found, 3 a conflict (bunq cannot be brought back)."
    )

    @OptionGroup var policy: PolicyOptions
    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Output format: text, json (the plan JSON format) or markdown.")
    var format: PlanFormat = .text

    func run() async throws {
        let session = try PlanningSession.load(policy)
        let plan = try await connection.withConnection { try await session.plan(try await $0.connect()) }
        switch format {
        case .text:
            let text =
                plan.hasChanges || !plan.conflicts.isEmpty
                ? PlanText.render(
                    plan, color: Terminal.wantsColor(fileDescriptor: STDOUT_FILENO),
                    title: "Drift: bunq no longer matches the policy; apply would make these changes")
                : "No drift. bunq matches the policy.\n"
            Terminal.write(text)
        case .json: Terminal.write(PlanJSON.render(plan))
        case .markdown: Terminal.write(PlanMarkdown.render(plan, heading: "cardpolicy drift"))
        }
        if !plan.conflicts.isEmpty { throw CardpolicyExit.blocked }
        if plan.hasChanges { throw CardpolicyExit.changesPresent }
    }
}
