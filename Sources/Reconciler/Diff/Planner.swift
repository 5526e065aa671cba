import BunqAPI
import Foundation
import PolicyModel

/// Policy problems that only show against live state: a selector matching no card, two
/// groups disagreeing, a fallback account that does not exist. Nothing can be planned.
public struct PlanningFailure: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// The core diff: a pure function of (policy, live state, ledger, now). No I/O.
public enum Planner {
    public static func plan(
        policy: Policy, live: LiveState, ledger: Ledger, now: Date = Date(),
        cardpolicyVersion: String, batching: CardBatching = .standard, filter: ActionFilter = ActionFilter()
    ) throws -> Plan {
        var matcher = CardMatcher()
        let matches = matcher.matches(policy: policy, live: live)
        var conflicts = matcher.conflicts
        var diffErrors: [Diagnostic] = []

        let cardDiff = CardDiff(userId: live.userId, accounts: live.accounts, ledger: ledger, now: now)
        var ruleCheck = RuleCheck(policy: policy, live: live, ledger: ledger, now: now)
        var cardActions: [PlanAction] = []
        var cardUpdates: [(action: PlanAction, update: CardUpdate)] = []
        var cvc2Actions: [PlanAction] = []
        var cardNotes: [String] = []
        // The card entry and groups behind each card action and conflict, for --target.
        var cardOwners: [String: [String]] = [:]
        var cardConflicts: [(conflict: PlanConflict, names: [String])] = []
        for match in matches {
            let card = matcher.desired(match, policy: policy, live: live)
            var outcome = cardDiff.diff(card, generatedCvc2: live.generatedCvc2[card.live.id])
            if card.live.unchangeableReason == nil, !policy.rules.isEmpty {
                let checked = ruleCheck.check(card)
                for index in outcome.actions.indices where !checked.rules.isEmpty {
                    outcome.actions[index].rules = checked.rules
                    outcome.actions[index].protectedBy = checked.protectedBy.isEmpty ? nil : checked.protectedBy
                }
            }
            if !outcome.actions.isEmpty, card.live.employeeHolderId != nil {
                // Whether a company's owner may change an employee's card is not documented by bunq.
                cardNotes.append("\(card.resource): another user of the company holds this card; if bunq refuses the change, apply reports that for this card")
            }
            diffErrors += outcome.errors
            let owners = (card.entryName.map { [$0] } ?? []) + card.groupNames
            for action in outcome.actions { cardOwners[action.id] = owners }
            cardConflicts += outcome.conflicts.map { ($0, [card.actionKey] + owners) }
            let update = outcome.actions.filter { $0.kind == .updateCard }
            cardActions += update
            // A card another user holds goes alone: should bunq refuse it, no batch fails with it.
            if let action = update.first, let body = outcome.update, card.live.employeeHolderId == nil { cardUpdates.append((action, body)) }
            cvc2Actions += outcome.actions.filter { $0.kind != .updateCard }
        }
        if !policy.rules.isEmpty {
            var covered = [Bool](repeating: false, count: live.cards.count)
            for match in matches { covered[match.card] = true }
            for (index, card) in live.cards.enumerated() where !covered[index] && card.unchangeableReason == nil {
                ruleCheck.check(unmanaged: card)
            }
        }
        let errors = matcher.errors + diffErrors + ruleCheck.errors
        guard errors.isEmpty else { throw PlanningFailure(diagnostics: errors.sorted { $0.location < $1.location }) }

        var pinActions: [PlanAction] = []
        if let chains = policy.certificates {
            pinActions = PinnedChainDiff.actions(desired: chains, live: live.pinnedChains ?? [], userId: live.userId)
        }
        let filterActions = policy.notifications.compactMap { declared in
            NotificationDiff.action(declared, live: live.filters(for: declared.scope) ?? [], userId: live.userId)
        }
        // New pins before the callbacks that may rely on them; old pins go last.
        var actions =
            cardActions + cvc2Actions + pinActions.filter { $0.kind == .pinCertificateChain } + filterActions
            + pinActions.filter { $0.kind == .unpinCertificateChain }

        // Targeting picks from the whole diff, so a card still gets what its entry and groups
        // merge to; batches are made from what is kept, so they send only that.
        var targeting: PlanTargeting?
        if !filter.isEmpty {
            try filter.check(known: ActionFilter.known(policy: policy, actions: actions))
            let whole = actions.count
            actions = actions.filter { filter.keeps(ActionFilter.names(of: $0, cardOwners: cardOwners[$0.id] ?? [])) }
            let kept = Set(actions.map(\.id))
            cardUpdates = cardUpdates.filter { kept.contains($0.action.id) }
            cardConflicts = cardConflicts.filter { filter.keeps($0.names) }
            // The matcher's conflicts are entries' whose selector finds only unchangeable cards.
            let entries = Set(policy.cards.map(\.name))
            conflicts = conflicts.filter { conflict in
                let name = conflict.resource.hasPrefix("card ") ? String(conflict.resource.dropFirst("card ".count)) : ""
                return filter.keeps(entries.contains(name) ? [name, "card/\(name)"] : [])
            }
            targeting = PlanTargeting(targets: filter.targets, excludes: filter.excludes, actionsLeftOut: whole - actions.count)
        }
        conflicts += cardConflicts.map(\.conflict)

        let batches = batching.batches(cardUpdates, userId: live.userId)
        // FoundationEssentials' ISO 8601 style, not ISO8601DateFormatter, which loads ICU.
        let plan = Plan(
            planId: "", createdAt: now.formatted(.iso8601), cardpolicyVersion: cardpolicyVersion,
            userId: live.userId, actions: actions, conflicts: conflicts, notes: matcher.notes + cardNotes,
            unmanaged: policy.unmanaged == .ignore ? [] : CardMatcher.unmanaged(matches, live: live), unmanagedRule: policy.unmanaged,
            cardBatches: batches, managedCards: matches.count, targeting: targeting,
            rules: ruleCheck.checked, ruleViolations: ruleCheck.violations
        ).sealed()
        PlanLog.append(plan)
        return plan
    }

    /// Cards whose CVC2 type must change: only for these is the generated-CVC2 list read,
    /// to know whether to PUT an existing entry or POST a first one.
    public static func cardsNeedingGeneratedCvc2(policy: Policy, live: LiveState) -> [Int] {
        // Most policies never set cvc2: then no card needs the list, without matching every card twice.
        guard
            policy.cards.contains(where: { $0.settings.cvc2 != nil })
                || policy.cardGroups.contains(where: { $0.settings.cvc2 != nil })
        else { return [] }
        var matcher = CardMatcher()
        return matcher.matches(policy: policy, live: live).compactMap { match in
            let card = matcher.desired(match, policy: policy, live: live)
            guard let desired = card.settings.cvc2, desired.value.rawValue != (card.live.cvc2Type ?? CVC2Type.staticCode.rawValue) else { return nil }
            return card.live.id
        }
    }
}
