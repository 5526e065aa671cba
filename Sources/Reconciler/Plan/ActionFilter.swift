import PolicyModel

/// `--target NAME` and `--exclude NAME`: which actions of a whole plan a run keeps. A name is
/// a card entry (its card's update and CVC2 actions), a card group (the actions of every card
/// the group matches, as Terraform targets resources), `certificates` (pin and unpin actions),
/// `notifications` or one notification scope (`notifications.url`), or an action id as is.
/// With targets, an action is kept when one of its names is targeted; an excluded name drops
/// it whatever else names it.
public struct ActionFilter: Hashable, Sendable {
    public var targets: [String]
    public var excludes: [String]

    public init(targets: [String] = [], excludes: [String] = []) {
        self.targets = targets
        self.excludes = excludes
    }

    public var isEmpty: Bool { targets.isEmpty && excludes.isEmpty }

    /// Whether an action, or a conflict, known by `names` stays in the plan.
    func keeps(_ names: [String]) -> Bool {
        if names.contains(where: excludes.contains) { return false }
        return targets.isEmpty || names.contains(where: targets.contains)
    }

    /// Every name the filter uses must name something, so a typo never plans nothing quietly.
    func check(known: Set<String>) throws {
        for (option, names) in [("--target", targets), ("--exclude", excludes)] {
            for name in names where !known.contains(name) {
                throw UnknownTargetName(option: option, name: name, known: known.sorted())
            }
        }
    }

    /// The names that cover `action`: its id, its card's entry and groups, `certificates`,
    /// `notifications`. `cardOwners` gives a card action's entry and group names.
    static func names(of action: PlanAction, cardOwners: [String]) -> [String] {
        switch action.kind {
        case .updateCard, .createGeneratedCvc2, .updateGeneratedCvc2: return [action.id] + cardOwners
        case .pinCertificateChain, .unpinCertificateChain: return [action.id, "certificates"]
        case .replaceNotificationFilters: return [action.id, "notifications"]
        }
    }

    /// The entry name in a card action's id (`card/alice-travel/cvc2` → `alice-travel`); nil
    /// for a card only groups cover (`card/2079040`), whose id holds no name.
    static func entryName(inActionId id: String) -> String? {
        guard id.hasPrefix("card/") else { return nil }
        var name = String(id.dropFirst("card/".count))
        if name.hasSuffix("/cvc2") { name = String(name.dropLast("/cvc2".count)) }
        return name.isEmpty || name.allSatisfy(\.isNumber) ? nil : name
    }

    /// The names of a whole fresh plan: the policy's entries, groups, certificates and
    /// notification scopes, and every action id.
    static func known(policy: Policy, actions: [PlanAction]) -> Set<String> {
        var names = Set(policy.cards.map(\.name) + policy.cardGroups.map(\.name) + actions.map(\.id))
        if policy.certificates != nil { names.insert("certificates") }
        if !policy.notifications.isEmpty {
            names.insert("notifications")
            for declared in policy.notifications { names.insert(declared.scope.description) }
        }
        return names
    }

    /// Keeps the actions `self` selects from a saved plan, which knows its card entries (by
    /// their action ids), certificates, notification scopes and action ids, but not which
    /// groups matched a card: a group is not a name there.
    public func select(savedPlan plan: Plan) throws -> [PlanAction] {
        var known = Set(plan.actions.map(\.id))
        for action in plan.actions {
            for name in Self.names(of: action, cardOwners: Self.entryName(inActionId: action.id).map { [$0] } ?? []) { known.insert(name) }
        }
        try check(known: known)
        return plan.actions.filter { keeps(Self.names(of: $0, cardOwners: Self.entryName(inActionId: $0.id).map { [$0] } ?? [])) }
    }
}

/// A `--target` or `--exclude` name that names nothing the plan could contain.
public struct UnknownTargetName: Error, CustomStringConvertible {
    public let option: String
    public let name: String
    public let known: [String]

    public var description: String {
        let hint = NearestName.suggestion(for: name, among: known).map { " (did you mean '\($0)'?)" } ?? ""
        let shown = known.count > 40 ? known.prefix(40).joined(separator: ", ") + ", … (\(known.count - 40) more)" : known.joined(separator: ", ")
        return "\(option) \(name): no card entry, card group, certificates, notification scope or action has this name\(hint); the names are: \(shown)"
    }
}
