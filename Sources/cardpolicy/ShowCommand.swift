import ArgumentParser
import Foundation
import Reconciler

/// `cardpolicy show`: a saved plan as `plan` printed it, without calling bunq.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a saved plan (from `plan --out`) as `plan` printed it, without calling bunq.",
        discussion: """
            The plan id covers everything shown, so a plan edited after `plan --out` wrote it is \
            refused, as `apply --plan` refuses it. Exit codes: 0 shown, 1 error (unreadable, \
            another format, or edited).
            """
    )

    @Argument(help: "The saved plan.", completion: .file())
    var plan: String

    @Option(help: "Output format: text, json or markdown (for a pull-request comment).")
    var format: PlanFormat = .text

    func run() throws {
        let saved = try SavedPlanFile.load(plan)
        switch format {
        case .text: Terminal.write(PlanText.render(saved, color: Terminal.wantsColor(fileDescriptor: STDOUT_FILENO)))
        case .json: Terminal.write(PlanJSON.render(saved))
        case .markdown: Terminal.write(PlanMarkdown.render(saved))
        }
    }
}
