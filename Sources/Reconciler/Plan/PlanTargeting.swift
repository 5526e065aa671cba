/// The mark of a partial plan: which `--target` and `--exclude` names chose its actions from
/// the whole plan, and how many of the whole plan's actions it leaves out. It is part of the
/// plan id, so a partial plan cannot pass for a whole one.
public struct PlanTargeting: Hashable, Sendable, Codable {
    public var targets: [String]
    public var excludes: [String]
    public var actionsLeftOut: Int

    public init(targets: [String], excludes: [String], actionsLeftOut: Int) {
        self.targets = targets
        self.excludes = excludes
        self.actionsLeftOut = actionsLeftOut
    }

    enum CodingKeys: String, CodingKey {
        case targets, excludes
        case actionsLeftOut = "actions_left_out"
    }

    /// `--target a --exclude b`, as the command line would say it.
    public var arguments: String {
        (targets.map { "--target \($0)" } + excludes.map { "--exclude \($0)" }).joined(separator: " ")
    }

    /// `This plan is partial: only --target a (3 actions left out).`
    public var sentence: String {
        "This plan is partial: only \(arguments) (\(actionsLeftOut) action\(actionsLeftOut == 1 ? "" : "s") left out)."
    }

    var identity: String {
        "targets=\(targets.joined(separator: ","))|excludes=\(excludes.joined(separator: ","))|left=\(actionsLeftOut)"
    }
}
