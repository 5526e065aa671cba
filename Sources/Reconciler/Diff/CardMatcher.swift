import PolicyModel

/// Resolves `cards` selectors and `card_groups` matches against the live cards, and merges
/// their settings per card: groups first (two groups disagreeing is an error), then the entry.
struct CardMatcher {
    var errors: [Diagnostic] = []
    var conflicts: [PlanConflict] = []
    var notes: [String] = []
    /// Each group's `match.account` resolved to an id, by the group's index in the policy.
    private var groupAccounts: [Int: Int] = [:]

    /// One live card the policy speaks for: the groups and the `cards` entry that claim it.
    struct Match {
        /// Index in `live.cards`.
        let card: Int
        /// Indices in `policy.cardGroups`, in policy order.
        var groups: [Int] = []
        /// Index in `policy.cards`.
        var entry: Int?
        /// Ids of replaced cards the entry selected and followed to this one.
        var replaced: [Int] = []
    }

    /// Who claims each live card, in first-matched order (groups, then entries). Settings are
    /// merged per card by `desired(_:policy:live:)`, so a 10,000-card plan never holds every
    /// DesiredCard (~740 bytes each) at once.
    mutating func matches(policy: Policy, live: LiveState) -> [Match] {
        var matches: [Match] = []
        var positions: [Int: Int] = [:] // live card index → index in `matches`
        func position(of card: Int) -> Int {
            if let position = positions[card] { return position }
            positions[card] = matches.count
            matches.append(Match(card: card))
            return matches.count - 1
        }

        for (groupIndex, group) in policy.cardGroups.enumerated() {
            var account: Int?
            if let reference = group.match.account {
                switch AccountResolution.resolve(reference.value, accounts: live.accounts) {
                case .problem(let problem):
                    errors.append(Diagnostic(.error, reference.location, "card group \(group.name): match account: \(problem)"))
                    continue
                case .account(let id):
                    account = id
                    groupAccounts[groupIndex] = id
                }
            }
            let matched = live.cards.indices.filter {
                Self.groupMayMatch(group.match, live.cards[$0]) && Self.matches(group.match, account: account, live.cards[$0])
            }
            if matched.isEmpty { notes.append("card group \(group.name) (\(group.location)) matches no card") }
            for card in matched { matches[position(of: card)].groups.append(groupIndex) }
        }

        let index = CardIndex(live.cards)
        let replacements = CardReplacements(live.cards)
        var claimedBy: [Int: Int] = [:] // live card index → index of the entry in policy.cards
        for (entryIndex, entry) in policy.cards.enumerated() {
            guard let (card, replaced) = resolve(entry, in: index, replacements, live.cards) else { continue }
            if let other = claimedBy[card].map({ policy.cards[$0] }) {
                errors.append(
                    Diagnostic(
                        .error, entry.location,
                        "card \(entry.name) selects the same card as \(other.name) (\(other.location)): \(live.cards[card].label)"))
                continue
            }
            claimedBy[card] = entryIndex
            matches[position(of: card)].entry = entryIndex
            matches[position(of: card)].replaced = replaced
        }
        return matches
    }

    /// Live cards no entry or group covers and that bunq would still take changes to: the
    /// part of the estate nobody declared. Final and replaced cards are history, not listed.
    static func unmanaged(_ matches: [Match], live: LiveState) -> [UnmanagedCard] {
        var covered = [Bool](repeating: false, count: live.cards.count)
        for match in matches { covered[match.card] = true }
        return live.cards.indices.filter { !covered[$0] && live.cards[$0].unchangeableReason == nil }.map { UnmanagedCard(live.cards[$0]) }
    }

    /// A card's settings merged: its groups in order (two disagreeing is an error), then its entry.
    mutating func desired(_ match: Match, policy: Policy, live: LiveState) -> DesiredCard {
        var value = DesiredCard(live: live.cards[match.card], entryName: nil, groupNames: [])
        value.replacedCardIds = match.replaced
        for group in match.groups.map({ policy.cardGroups[$0] }) {
            value.groupNames.append(group.name)
            merge(group.settings, origin: "group \(group.name)", into: &value, fromGroup: true)
        }
        if let entry = match.entry.map({ policy.cards[$0] }) {
            value.entryName = entry.name
            merge(entry.settings, origin: "card \(entry.name)", into: &value, fromGroup: false)
            noteGroupsMovedByRename(entry, live: value.live, groups: policy.cardGroups)
        }
        return value
    }

    /// A group that selects by `second_line` stops (or starts) applying to a card the entry
    /// renames. That is not an error, since the entry may mean it, but the next plan will
    /// treat the card differently, so the plan says so now.
    private mutating func noteGroupsMovedByRename(_ entry: CardEntry, live: LiveCard, groups: [CardGroup]) {
        guard let renamed = entry.settings.secondLine?.value, renamed != live.secondLine else { return }
        var after = live
        after.secondLine = renamed
        for (groupIndex, group) in groups.enumerated() where group.match.secondLine != nil {
            func covers(_ card: LiveCard) -> Bool {
                Self.groupMayMatch(group.match, card) && Self.matches(group.match, account: groupAccounts[groupIndex], card)
            }
            let before = covers(live), then = covers(after)
            guard before != then else { continue }
            notes.append(
                before
                    ? "card group \(group.name) (\(group.location)) matches card \(entry.name) by second_line \"\(group.match.secondLine!)\"; once it is renamed to \"\(renamed)\" the group no longer applies to it (the settings it set stay as they are)"
                    : "card group \(group.name) (\(group.location)) will apply to card \(entry.name) once it is renamed to \"\(renamed)\" (second_line \"\(group.match.secondLine!)\"); the next plan adds its settings"
            )
        }
    }

    /// Exactly one live card (its index), or an error that names the candidates. A selector
    /// that finds only replaced cards follows them to the cards bunq issued in their place.
    private mutating func resolve(
        _ entry: CardEntry, in index: CardIndex, _ replacements: CardReplacements, _ cards: [LiveCard]
    ) -> (card: Int, replaced: [Int])? {
        let selector = entry.selector.value
        let candidates = index.positions(selectedBy: selector)
        let usable = candidates.filter { Self.selectable(cards[$0], by: selector) }
        let at = entry.selector.location
        if usable.count == 1 { return (usable[0], []) }
        if usable.count > 1 {
            let names = usable.map { "\(cards[$0].id) \(cards[$0].label)" }.joined(separator: ", ")
            errors.append(Diagnostic(.error, at, "card \(entry.name): \(selector) matches \(usable.count) cards (\(names)); match by id"))
            return nil
        }
        let current = candidates.map { replacements.current(of: $0) }
        let successors = Set(current.compactMap { $0 }).filter { cards[$0].unchangeableReason == nil }
        if successors.count == 1, let successor = successors.first, let replaced = candidates.first(where: { cards[$0].isReplaced }) {
            let new = cards[successor].shortLabel
            notes.append(
                "card \(entry.name) (\(at)): \(cards[replaced].shortLabel) was replaced by \(new); the policy now applies to \(new)")
            return (successor, zip(candidates, current).filter { $0.1 == successor }.map { cards[$0.0].id })
        }
        if candidates.count == 1, case .id = selector {
            // Chosen by id on purpose: the diff reports what cannot change on it as conflicts.
            return (candidates[0], [])
        }
        if candidates.isEmpty {
            errors.append(Diagnostic(.error, at, "card \(entry.name): no live card has \(selector)"))
        } else if candidates.allSatisfy({ cards[$0].unchangeableReason == nil }) {
            let names = candidates.map { "\(cards[$0].id) \(cards[$0].label), held by user \(cards[$0].employeeHolderId ?? 0)" }
            errors.append(
                Diagnostic(
                    .error, at,
                    "card \(entry.name): \(selector) selects only cards other users of the company hold (\(names.joined(separator: "; "))); to manage such a card, match it by id or holder"
                ))
        } else {
            let reasons = candidates.map { "\(cards[$0].id) \(cards[$0].label): \(cards[$0].unmatchableReason!)" }.joined(separator: "; ")
            conflicts.append(
                PlanConflict(
                    resource: "card \(entry.name)",
                    message: "\(selector) now selects only cards that cannot be changed (\(reasons)); match the replacement card or remove the entry",
                    source: at))
        }
        return nil
    }

    /// Whether an entry's selector may pick the card: one bunq takes changes to, and another
    /// company user's card only when the selector names it on purpose (by id or holder).
    static func selectable(_ card: LiveCard, by selector: CardSelector) -> Bool {
        guard card.unchangeableReason == nil else { return false }
        return card.employeeHolderId == nil || selector.isExplicit
    }

    /// A group covers another company user's cards only when its match names their holder.
    static func groupMayMatch(_ match: CardGroupMatch, _ card: LiveCard) -> Bool {
        guard card.unchangeableReason == nil else { return false }
        return card.employeeHolderId == nil || match.holder != nil
    }

    /// `account`: the group's `account` resolved to an id.
    static func matches(_ match: CardGroupMatch, account: Int?, _ card: LiveCard) -> Bool {
        func holds(_ glob: GlobPattern?, _ value: String?) -> Bool {
            guard let glob else { return true }
            return value.map(glob.matches) ?? false
        }
        guard holds(match.type, card.type), holds(match.productType, card.productType), holds(match.status, card.status.rawValue),
            holds(match.secondLine, card.secondLine), holds(match.nameOnCard, card.nameOnCard)
        else { return false }
        if let last4 = match.last4, !card.lastFourDigits.contains(where: last4.matches) { return false }
        if match.account != nil, card.primaryAccountId != account { return false }
        if let holder = match.holder, card.userHolderId != holder { return false }
        return true
    }

    private mutating func merge(_ settings: CardSettings, origin: String, into value: inout DesiredCard, fromGroup: Bool) {
        for field in CardSettings.fields {
            guard let location = field.location(settings) else { continue }
            if fromGroup, let existing = field.location(value.settings), !field.agrees(value.settings, settings) {
                errors.append(
                    Diagnostic(
                        .error, location,
                        "\(origin) sets \(field.key) of card \(value.live.label) to a different value than \(value.origins[field.key] ?? "") (\(existing))"))
                continue
            }
            field.copy(settings, &value.settings)
            value.origins[field.key] = origin
        }
    }
}

/// The live cards by each selector key, built once per plan: resolving every `cards` entry
/// by scanning all live cards made a large plan quadratic in the number of cards (see
/// docs/benchmarks.md). Each key lists its cards in live order,
/// as the scan did, so errors name candidates in the same order.
struct CardIndex {
    private var byId: [Int: [Int]] = [:]
    private var byLast4: [String: [Int]] = [:]
    private var bySecondLine: [String: [Int]] = [:]
    private var byNameOnCard: [String: [Int]] = [:]
    private var byHolder: [Int: [Int]] = [:]

    init(_ cards: [LiveCard]) {
        for (position, card) in cards.enumerated() {
            byId[card.id, default: []].append(position)
            // A card listing the same digits twice is still one candidate.
            for digits in Set(card.lastFourDigits) { byLast4[digits, default: []].append(position) }
            bySecondLine[card.secondLine, default: []].append(position)
            byNameOnCard[card.nameOnCard, default: []].append(position)
            if let holder = card.userHolderId { byHolder[holder, default: []].append(position) }
        }
    }

    /// Positions in the live list of the cards a selector names, in live order.
    func positions(selectedBy selector: CardSelector) -> [Int] {
        switch selector {
        case .id(let id): return byId[id] ?? []
        case .last4(let digits): return byLast4[digits] ?? []
        case .secondLine(let line): return bySecondLine[line] ?? []
        case .nameOnCard(let name): return byNameOnCard[name] ?? []
        case .holder(let user): return byHolder[user] ?? []
        }
    }
}
