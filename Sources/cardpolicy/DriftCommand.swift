import ArgumentParser
import BunqAPI
import Foundation
import Reconciler

/// `cardpolicy drift`: a scheduled check that bunq still matches the repository.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Report where bunq no longer matches the policy (someone changed a card in the app).",
        discussion:
            "Exit codes: 0 no drift, 1 error, 2 drift found (a live value that breaks a rule of the policy, or, with `unmanaged: error`, a card the policy does not cover, count too), 3 a conflict (bunq cannot be brought back)."
    )

    @OptionGroup var policy: PolicyOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var targets: TargetOptions

    @Option(help: "Output format: text, json (the plan JSON format) or markdown.")
    var format: PlanFormat = .text

    @Option(
        name: .customLong("notify"),
        help: ArgumentHelp(
            "When drift is found, POST a JSON summary to this http(s) webhook (Slack-compatible `text`); signed with CARDPOLICY_NOTIFY_SECRET when set.",
            valueName: "URL"))
    var notifyURL: String?

    /// A wrong URL or an empty secret is a mistake in the job, found before bunq is read.
    func validate() throws {
        guard let notifyURL else { return }
        do {
            _ = try WebhookPost(url: notifyURL)
        } catch let failure as WebhookFailure {
            throw ValidationError("--notify: \(failure.description)")
        }
        _ = try DriftAlert.secret()
    }

    /// bunq matches the policy; the cards it does not cover are still listed, and with
    /// `unmanaged: error` they are the drift, as are live values that break a rule.
    private func noDrift(_ plan: Plan, _ paint: Paint) -> String {
        var problems: [String] = []
        if plan.unmanagedCardsAreDrift { problems.append("holds cards the policy does not cover") }
        if !plan.ruleViolations.isEmpty { problems.append("holds values that break a rule") }
        let head =
            problems.isEmpty ? "No drift. bunq matches the policy." : "Drift: bunq matches the policy, but \(problems.joined(separator: " and "))."
        let section = PlanText.unmanagedSection(plan, paint) + PlanText.rulesSection(plan, paint)
        return ([head] + (section.isEmpty ? [] : [""] + section.dropLast())).joined(separator: "\n") + "\n"
    }

    func run() async throws {
        let session = try PlanningSession.load(policy)
        let plan = try await connection.withConnection { try await session.plan(try await $0.connect(), filter: targets.filter) }
        switch format {
        case .text:
            let color = Terminal.wantsColor(fileDescriptor: STDOUT_FILENO)
            let text =
                plan.hasChanges || !plan.conflicts.isEmpty
                ? PlanText.render(plan, color: color, title: "Drift: bunq no longer matches the policy; apply would make these changes")
                : noDrift(plan, Paint(enabled: color))
            Terminal.write(text)
        case .json: Terminal.write(PlanJSON.render(plan))
        case .markdown: Terminal.write(PlanMarkdown.render(plan, heading: "cardpolicy drift"))
        }
        if let notifyURL { try await DriftAlert.post(plan, to: notifyURL) }
        if !plan.conflicts.isEmpty { throw CardpolicyExit.blocked }
        if plan.isDrift { throw CardpolicyExit.changesPresent }
    }
}
