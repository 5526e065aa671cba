import PolicyModel

/// Terraform-style plan text: `+ ~ -` per field, conflicts and irreversible changes first,
/// a summary line last. Colour only when asked (the CLI decides: a TTY and no NO_COLOR).
public enum PlanText {
    public static func render(_ plan: Plan, color: Bool = false, title: String = "cardpolicy will make these changes") -> String {
        let paint = Paint(enabled: color)
        var out: [String] = []
        // First, so nobody reads a partial plan as the whole policy's.
        if let targeting = plan.targeting {
            out.append(paint.yellow(Display.safe(targeting.sentence)))
            out.append("")
        }
        if !plan.conflicts.isEmpty {
            out.append(paint.red(paint.bold("Conflicts: bunq cannot follow the policy here, so apply will not start:")))
            for conflict in plan.conflicts {
                let at = conflict.source.map { "  (\($0))" } ?? ""
                out.append("  \(paint.red("✗")) \(Display.safe(conflict.resource)): \(Display.safe(conflict.message))\(at)")
            }
            out.append("")
        }
        if plan.actions.isEmpty {
            out.append(plan.conflicts.isEmpty ? "No changes. bunq matches the policy." : "No other changes.")
        } else {
            out.append("\(title) (plan \(plan.planId.prefix(12))):")
            out.append("")
            let batchOf = plan.batchOfAction
            for action in PlanOrder.forDisplay(plan.actions) { out += block(action, paint, batch: batchOf[action.id]) }
            out += batchSection(plan, paint)
        }
        if !plan.notes.isEmpty {
            out.append("Notes:")
            out += plan.notes.map { "  - \(Display.safe($0))" }
            out.append("")
        }
        let unmanaged = unmanagedSection(plan, paint)
        if !unmanaged.isEmpty, out.last != "" { out.append("") }
        out += unmanaged
        let rules = rulesSection(plan, paint)
        if !rules.isEmpty, out.last != "" { out.append("") }
        out += rules
        out.append(summaryLine(plan, paint))
        return out.joined(separator: "\n") + "\n"
    }

    /// The live cards no entry or group covers, one line each; nothing when there are none.
    public static func unmanagedSection(_ plan: Plan, _ paint: Paint = Paint(enabled: false)) -> [String] {
        guard !plan.unmanaged.isEmpty else { return [] }
        let count = plan.unmanaged.count
        var heading = "\(count) card\(count == 1 ? "" : "s") the policy does not cover"
        if plan.unmanagedRule == .error {
            heading = paint.red(heading + " (`unmanaged: error`: drift fails until each is declared)")
        }
        var lines = [heading + ":"]
        lines += plan.unmanaged.map { "  ? \(Display.safe($0.summary))" }
        lines.append("")
        return lines
    }

    /// Live values that break a rule, one line each, then the rules that were checked.
    public static func rulesSection(_ plan: Plan, _ paint: Paint = Paint(enabled: false)) -> [String] {
        guard !plan.rules.isEmpty else { return [] }
        var lines: [String] = []
        if !plan.ruleViolations.isEmpty {
            let count = plan.ruleViolations.count
            lines.append(
                paint.red(
                    "\(count) live value\(count == 1 ? "" : "s") break\(count == 1 ? "s" : "") a rule; the plan leaves \(count == 1 ? "it" : "them") as \(count == 1 ? "it is" : "they are"), and drift fails until mended:"
                ))
            lines += plan.ruleViolations.map { "  ! \(Display.safe($0.resource)): \(Display.safe($0.message))" }
        }
        let checked = plan.rules.map { "\(Display.safe($0.name)) (\($0.cards) card\($0.cards == 1 ? "" : "s"))" }
        lines.append("Rules checked: \(checked.joined(separator: ", ")).")
        lines.append("")
        return lines
    }

    /// The card-batch requests and the cards each carries; nothing when there are none.
    static func batchSection(_ plan: Plan, _ paint: Paint) -> [String] {
        guard !plan.cardBatches.isEmpty else { return [] }
        let count = plan.batchedActionCount
        var lines = [
            "\(count) card change\(count == 1 ? "" : "s") go in \(plan.cardBatches.count) card-batch request\(plan.cardBatches.count == 1 ? "" : "s");"
                + " a card bunq leaves out is read back and, if needed, sent as its own PUT:"
        ]
        for batch in plan.cardBatches {
            let names = batch.actionIds.map(Display.safe)
            let shown = names.count <= 3 ? names.joined(separator: ", ") : names.prefix(2).joined(separator: ", ") + ", … " + (names.last ?? "")
            lines.append(
                "  \(batch.id): \(paint.dim("\(batch.request.method) \(batch.request.path)")) with \(batch.actionIds.count) card\(batch.actionIds.count == 1 ? "" : "s") (\(shown))"
            )
        }
        lines.append("")
        return lines
    }

    static func block(_ action: PlanAction, _ paint: Paint, batch: PlannedCardBatch? = nil) -> [String] {
        var lines: [String] = []
        let (symbol, colour) = marker(action.kind.effect)
        var head = "\(colour(paint, symbol)) \(Display.safe(action.resource))"
        if action.irreversible { head += "  " + paint.red(paint.bold("IRREVERSIBLE")) }
        if action.mayReprint { head += "  " + paint.yellow(paint.bold("MAY REPRINT THE CARD")) }
        if let rules = action.protectedBy, !rules.isEmpty {
            head += "  " + paint.yellow(paint.bold("PROTECTED")) + " by rule\(rules.count == 1 ? "" : "s") \(rules.map(Display.safe).joined(separator: ", "))"
        }
        lines.append(head)
        for change in action.changes {
            let field = Display.safe(change.field)
            switch (change.before, change.after) {
            case (nil, let after?):
                lines.append("    \(paint.green("+")) \(field): \(Display.safe(after))")
            case (let before?, nil):
                lines.append("    \(paint.red("-")) \(field): \(Display.safe(before))")
            default:
                let arrow = "\(Display.safe(change.before ?? "(none)")) → \(Display.safe(change.after ?? "(none)"))"
                let flag = change.irreversible ? "  " + paint.red("(irreversible)") : ""
                lines.append("    \(paint.yellow("~")) \(field): \(arrow)\(flag)")
            }
            if let note = change.note { lines.append("        \(paint.dim(Display.safe(note)))") }
        }
        let sources = action.sources.isEmpty ? "" : "  (" + sourceRanges(action.sources) + ")"
        let request = batch.map { "in \($0.id): \($0.request.method) \($0.request.path)" } ?? "\(action.request.method) \(action.request.path)"
        lines.append("    \(paint.dim(request))\(paint.dim(sources))")
        lines.append("")
        return lines
    }

    /// `policies/a.yaml:8-11`: where an action comes from, one range per file.
    static func sourceRanges(_ sources: [SourceLocation]) -> String {
        var files: [String] = []
        var lines: [String: [Int]] = [:]
        for source in sources {
            if lines[source.file] == nil { files.append(source.file) }
            lines[source.file, default: []].append(source.line)
        }
        return files.map { file in
            let numbers = lines[file]!
            let (low, high) = (numbers.min()!, numbers.max()!)
            return low == high ? "\(file):\(low)" : "\(file):\(low)-\(high)"
        }.joined(separator: ", ")
    }

    static func marker(_ effect: ActionKind.Effect) -> (String, (Paint, String) -> String) {
        switch effect {
        case .create: return ("+", { $0.green($1) })
        case .update: return ("~", { $0.yellow($1) })
        case .delete: return ("-", { $0.red($1) })
        }
    }

    public static func summaryLine(_ plan: Plan, _ paint: Paint = Paint(enabled: false)) -> String {
        let s = plan.summary
        let batched = s.cardBatches == 0 ? "" : " (\(plan.batchedActionCount) in \(s.cardBatches) card batch\(s.cardBatches == 1 ? "" : "es"))"
        // The counts are of actions, not of cards or requests: say so, and how many cards change.
        let total = s.create + s.update + s.delete
        let cards = s.changedCards == 0 ? "" : ", changing \(s.changedCards) card\(s.changedCards == 1 ? "" : "s")"
        var line =
            "Plan: \(total) action\(total == 1 ? "" : "s")\(cards): \(s.create) to add, \(s.update) to change\(batched), \(s.delete) to remove"
        if s.irreversible > 0 { line += ", " + paint.red("\(s.irreversible) irreversible") }
        let reprints = plan.reprintActions.count
        if reprints > 0 { line += ", " + paint.yellow("\(reprints) may reprint") }
        if s.conflicts > 0 { line += ", " + paint.red("\(s.conflicts) conflict\(s.conflicts == 1 ? "" : "s")") }
        if s.protected > 0 { line += ", " + paint.yellow("\(s.protected) protected") }
        if s.unmanaged > 0 { line += ", \(s.unmanaged) unmanaged card\(s.unmanaged == 1 ? "" : "s")" }
        if s.ruleViolations > 0 { line += ", " + paint.red("\(s.ruleViolations) live value\(s.ruleViolations == 1 ? "" : "s") breaking a rule") }

        return paint.bold(line + ".")
    }
}

/// Risky things first, the rest in execution order; a card's actions (its PUT, its CVC2
/// change) together, where its riskiest one would stand, so a reviewer reads one card once.
/// Display only: execution keeps the plan's order.
enum PlanOrder {
    static func forDisplay(_ actions: [PlanAction]) -> [PlanAction] {
        func risk(_ action: PlanAction) -> Int { action.irreversible ? 0 : action.mayReprint ? 1 : action.isProtected ? 2 : 3 }
        var groups: [[PlanAction]] = []
        var groupOfCard: [Int: Int] = [:]
        for action in actions {
            if let card = action.target.cardId, let index = groupOfCard[card] {
                groups[index].append(action)
            } else {
                if let card = action.target.cardId { groupOfCard[card] = groups.count }
                groups.append([action])
            }
        }
        let ranked = groups.enumerated().map { (index: $0.offset, risk: $0.element.map(risk).min() ?? 3, actions: $0.element) }
        return ranked.sorted { ($0.risk, $0.index) < ($1.risk, $1.index) }.flatMap(\.actions)
    }
}
