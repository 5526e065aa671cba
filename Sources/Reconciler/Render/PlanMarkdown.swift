/// A plan as a pull-request comment: a summary table with risky rows first and the details
/// folded away. GitHub caps a comment at 65,536 characters, so huge plans are cut, saying so.
public enum PlanMarkdown {
    public static let defaultCharacterBudget = 60_000
    static let maxTableRows = 50

    public static func render(_ plan: Plan, heading: String = "cardpolicy plan", characterBudget: Int = defaultCharacterBudget) -> String {
        let s = plan.summary
        var out: [String] = []
        out.append("### \(heading): \(s.create) to add, \(s.update) to change, \(s.delete) to remove")
        out.append("")
        if let targeting = plan.targeting {
            out.append("> [!NOTE]")
            out.append("> \(Display.safe(targeting.sentence))")
            out.append("")
        }
        if s.conflicts > 0 {
            out.append("> [!CAUTION]")
            out.append("> **\(s.conflicts) conflict\(s.conflicts == 1 ? "" : "s")**: bunq cannot follow the policy here; apply will not start.")
            out.append("")
        }
        if s.irreversible > 0 {
            out.append("> [!WARNING]")
            out.append(
                "> **\(s.irreversible) irreversible change\(s.irreversible == 1 ? "" : "s")** (LOST, STOLEN or CANCELLED cannot be undone); apply needs `--allow-irreversible`."
            )
            out.append("")
        }
        let reprints = plan.reprintActions.count
        if reprints > 0 {
            out.append("> [!WARNING]")
            out.append(
                "> **\(reprints) name change\(reprints == 1 ? "" : "s") on a physical card**: bunq may print and send a new card; apply needs `--allow-reprint`."
            )
            out.append("")
        }
        let guarded = plan.protectedActions
        if !guarded.isEmpty {
            let rules = Array(Set(guarded.flatMap { $0.protectedBy ?? [] })).sorted().map { "`\(cell($0))`" }
            out.append("> [!WARNING]")
            out.append(
                "> **\(guarded.count) change\(guarded.count == 1 ? "" : "s") to protected cards** (rule\(rules.count == 1 ? "" : "s") \(rules.joined(separator: ", "))); apply needs `--allow-protected`."
            )
            out.append("")
        }
        if !plan.ruleViolations.isEmpty {
            let count = plan.ruleViolations.count
            out.append("> [!WARNING]")
            out.append(
                "> **\(count) live value\(count == 1 ? "" : "s") break\(count == 1 ? "s" : "") a rule** and stay\(count == 1 ? "s" : "") as \(count == 1 ? "it is" : "they are"); drift fails until mended:"
            )
            for violation in plan.ruleViolations.prefix(maxTableRows) {
                out.append("> - \(cell(violation.resource)): \(cell(violation.message))")
            }
            if count > maxTableRows { out.append("> - … \(count - maxTableRows) more: run `cardpolicy drift` for all") }
            out.append("")
        }
        if plan.unmanagedCardsAreDrift {
            out.append("> [!WARNING]")
            out.append(
                "> **\(s.unmanaged) card\(s.unmanaged == 1 ? "" : "s") the policy does not cover**; with `unmanaged: error`, drift fails until each is declared."
            )
            out.append("")
        }
        if plan.actions.isEmpty && plan.conflicts.isEmpty {
            out.append("No changes. bunq matches the policy.")
            if !plan.unmanaged.isEmpty { out += [""] + unmanagedTable(plan) }
            return out.joined(separator: "\n") + "\n"
        }

        var rows: [String] = []
        for conflict in plan.conflicts {
            rows.append("| ⛔ conflict | \(cell(conflict.resource)) | \(cell(conflict.message)) |")
        }
        for action in PlanOrder.forDisplay(plan.actions) {
            let mark =
                action.irreversible ? "‼️ irreversible" : action.mayReprint ? "🖨️ may reprint" : action.isProtected ? "🔒 protected" : symbol(action.kind.effect)
            rows.append("| \(mark) | \(cell(action.resource)) | \(cell(action.changes.map(\.field).joined(separator: ", "))) |")
        }
        out.append("| | resource | fields |")
        out.append("|---|---|---|")
        out += rows.prefix(maxTableRows)
        if rows.count > maxTableRows {
            out.append("| … | \(rows.count - maxTableRows) more rows not shown | run `cardpolicy plan` for all |")
        }
        out.append("")

        var details: [String] = []
        var used = out.joined(separator: "\n").count + 200
        var shown = 0
        let batchOf = plan.batchOfAction
        for action in PlanOrder.forDisplay(plan.actions) {
            let block = PlanText.block(action, Paint(enabled: false), batch: batchOf[action.id]).joined(separator: "\n")
            if used + block.count > characterBudget { break }
            details.append(block)
            used += block.count + 1
            shown += 1
        }
        if !plan.actions.isEmpty {
            out.append("<details><summary>Details (\(shown) of \(plan.actions.count) actions)</summary>")
            out.append("")
            out.append("```diff")
            out.append(details.joined(separator: "\n").replacingOccurrences(of: "```", with: "ʼʼʼ"))
            out.append("```")
            if shown < plan.actions.count {
                out.append("")
                out.append("\(plan.actions.count - shown) more actions were cut to fit a comment; run `cardpolicy plan` for the full plan.")
            }
            out.append("")
            out.append("</details>")
        }
        if !plan.notes.isEmpty {
            out.append("")
            out += plan.notes.map { "- \(cell($0))" }
        }
        if !plan.unmanaged.isEmpty {
            out.append("")
            out += unmanagedTable(plan)
        }
        if !plan.rules.isEmpty {
            let checked = plan.rules.map { "`\(cell($0.name))` (\($0.cards) card\($0.cards == 1 ? "" : "s"))" }
            out.append("")
            out.append("Rules checked: \(checked.joined(separator: ", ")).")
        }
        out.append("")
        out.append("<sub>plan \(plan.planId) · \(PlanText.summaryLine(plan))</sub>")
        return out.joined(separator: "\n") + "\n"
    }

    /// The cards no entry or group covers, folded away: they change nothing.
    static func unmanagedTable(_ plan: Plan) -> [String] {
        let count = plan.unmanaged.count
        var out = ["<details><summary>\(count) card\(count == 1 ? "" : "s") the policy does not cover</summary>", ""]
        out.append("| card | status | limits | holder |")
        out.append("|---|---|---|---|")
        for card in plan.unmanaged.prefix(maxTableRows) {
            let name = "\(card.last4.map { "…\($0)" } ?? "#\(card.id)") \"\(card.secondLine)\" (id \(card.id))"
            let limits = [card.purchaseLimit.map { "purchase \($0)" }, card.atmLimit.map { "atm \($0)" }].compactMap { $0 }
            let holder = card.holderId.map { "user \($0) (\"\(card.nameOnCard)\")" } ?? ""
            out.append("| \(cell(name)) | \(card.status) | \(cell(limits.joined(separator: ", "))) | \(cell(holder)) |")
        }
        if count > maxTableRows {
            out.append("| … | \(count - maxTableRows) more cards not shown | run `cardpolicy plan` for all | |")
        }
        out += ["", "</details>"]
        return out
    }

    static func symbol(_ effect: ActionKind.Effect) -> String {
        switch effect {
        case .create: return "➕ add"
        case .update: return "✏️ change"
        case .delete: return "➖ remove"
        }
    }

    /// Table cells: pipes and newlines would break the table; HTML is shown, not rendered.
    static func cell(_ text: String) -> String {
        Display.safe(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
