import ArgumentParser
import Foundation
import Reconciler

/// The formats plan and drift print.
enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

/// `cardpolicy plan`: what apply would change, field by field.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would change in bunq, field by field.",
        discussion: """
            Exit codes: 0 no changes (or changes without --detailed-exitcode), 1 error, \
            2 changes present with --detailed-exitcode, 3 a conflict blocks apply.
            """
    )

    @OptionGroup var policy: PolicyOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var batch: BatchOptions
    @OptionGroup var targets: TargetOptions

    @Option(help: "Output format: text, json or markdown (for a pull-request comment).")
    var format: PlanFormat = .text

    @Option(help: ArgumentHelp("Save the plan (JSON) for `cardpolicy apply --plan FILE`.", valueName: "FILE"), completion: .file())
    var out: String?

    @Flag(help: "Exit 2 when there are changes, 0 when there are none.")
    var detailedExitcode = false

    @Option(
        help: ArgumentHelp("How long a plan saved with --out may be applied (e.g. 30m, 24h, 7d).", valueName: "DURATION"))
    var planTtl: String = "24h"

    func validate() throws {
        guard let seconds = DurationText.seconds(planTtl), seconds > 0 else {
            throw ValidationError("--plan-ttl must be a duration such as 30m, 24h or 7d, not '\(planTtl)'")
        }
    }

    func run() async throws {
        let session = try PlanningSession.load(policy)
        var plan = try await connection.withConnection {
            try await session.plan(try await $0.connect(), batching: batch.batching, filter: targets.filter)
        }
        if let out {
            // Where and until when it may be applied are under its id, like its requests.
            plan = plan.saved(apiURL: connection.planOrigin(), expiresAt: Date().addingTimeInterval(DurationText.seconds(planTtl) ?? 86400))
            do {
                try Data(PlanJSON.render(plan).utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw CommandFailure("cannot write the plan to \(out): \(error.localizedDescription)")
            }
        }
        switch format {
        case .text: Terminal.write(PlanText.render(plan, color: Terminal.wantsColor(fileDescriptor: STDOUT_FILENO)))
        case .json: Terminal.write(PlanJSON.render(plan))
        case .markdown: Terminal.write(PlanMarkdown.render(plan))
        }
        if !plan.conflicts.isEmpty { throw CardpolicyExit.blocked }
        if detailedExitcode, plan.hasChanges { throw CardpolicyExit.changesPresent }
    }
}
