import BunqAPI
import Foundation
import PolicyModel

/// The policy's rules against the cards: each managed card's merged settings (a break a
/// policy line causes is an error, at that line), and every live card's own values where the
/// policy leaves them alone (a break there is reported: someone changed the card in the app,
/// or nobody declared the field).
struct RuleCheck {
    let rules: [CardRule]
    let ledger: Ledger
    let now: Date
    /// The live accounts, to know which one a card will pay from after the plan.
    let liveAccounts: [LiveAccount]
    private(set) var errors: [Diagnostic] = []
    private(set) var violations: [LiveRuleViolation] = []
    /// How many live cards each rule matched, by the rule's index.
    private var counts: [Int]
    /// Each rule's `match.account` as an id, by the rule's index.
    private var accounts: [Int: Int] = [:]
    private var reported = Set<RuleBreak>()

    init(policy: Policy, live: LiveState, ledger: Ledger, now: Date) {
        rules = policy.rules
        self.ledger = ledger
        self.now = now
        liveAccounts = live.accounts
        counts = Array(repeating: 0, count: policy.rules.count)
        for (index, rule) in rules.enumerated() {
            guard let reference = rule.match?.account else { continue }
            switch AccountResolution.resolve(reference.value, accounts: live.accounts) {
            case .problem(let problem):
                errors.append(Diagnostic(.error, reference.location, "rule \(rule.name): match account: \(problem)"))
            case .account(let id):
                if let id { accounts[index] = id }
            }
        }
    }

    var checked: [CheckedRule] {
        rules.enumerated().map { CheckedRule(name: $0.element.name, source: $0.element.location, cards: counts[$0.offset]) }
    }

    /// The rules a managed card was checked against, and those that protect it. A rule
    /// covers the card as bunq has it and as the plan leaves it (a rename into or out of a
    /// protected name is itself protected).
    mutating func check(_ card: DesiredCard) -> (rules: [String], protectedBy: [String]) {
        var states = [card.live]
        // A new status, second line or account the card pays from can move it into or out of
        // a rule's match; the other fields a rule may match by a policy cannot set.
        let primary = card.settings.account?.value.accounts[.primary]
        if card.settings.status != nil || card.settings.secondLine != nil || primary != nil {
            var after = card.live
            if let status = card.settings.status { after.status = CardStatus(rawValue: status.value.rawValue) }
            if let secondLine = card.settings.secondLine { after.secondLine = secondLine.value }
            // An account that does not resolve is the diff's error to report.
            if let primary, case .account(let id?) = AccountResolution.resolve(primary, accounts: liveAccounts) { after.primaryAccountId = id }
            states.append(after)
        }
        let applying = applicable(to: states)
        guard !applying.isEmpty else { return ([], []) }
        var subject = RuleSubject(settings: card.settings, now: now)
        fill(&subject, from: card.live, readingCountries: readsCountries(applying))
        for index in applying {
            for found in rules[index].breaks(subject, now: now) {
                if let location = found.location {
                    // A group's value breaks the rule on every card it sets: one error says it.
                    if reported.insert(found).inserted { errors.append(Diagnostic(.error, location, found.message)) }
                } else {
                    violations.append(violation(found, card: card.live, resource: card.resource, managed: true))
                }
            }
        }
        return (applying.map { rules[$0].name }, applying.filter { rules[$0].protect }.map { rules[$0].name })
    }

    /// A live card no entry or group covers: its values as bunq has them.
    mutating func check(unmanaged card: LiveCard) {
        let applying = applicable(to: [card])
        guard !applying.isEmpty else { return }
        var subject = RuleSubject()
        fill(&subject, from: card, readingCountries: readsCountries(applying))
        let held = card.employeeHolderId.map { ", held by user \($0)" } ?? ""
        for index in applying {
            for found in rules[index].breaks(subject, now: now) {
                violations.append(violation(found, card: card, resource: "card \(card.label)\(held) (not in the policy)", managed: false))
            }
        }
    }

    private mutating func applicable(to states: [LiveCard]) -> [Int] {
        var found: [Int] = []
        for (index, rule) in rules.enumerated() {
            let covers = states.contains { state in
                guard let match = rule.match else { return true }
                if match.account != nil, accounts[index] == nil { return false }
                return CardMatcher.matches(match, account: accounts[index], state)
            }
            if covers {
                found.append(index)
                counts[index] += 1
            }
        }
        return found
    }

    private func violation(_ found: RuleBreak, card: LiveCard, resource: String, managed: Bool) -> LiveRuleViolation {
        let hint = managed ? "; set `\(found.field)` for this card in the policy" : ""
        return LiveRuleViolation(
            rule: found.rule, ruleSource: found.ruleLocation, cardId: card.id, resource: resource, field: found.field,
            message: found.message + hint, managed: managed)
    }

    /// Whether any of the rules looks at a card's countries, which are the one live value
    /// that costs something to gather (a ledger lookup per card).
    private func readsCountries(_ applying: [Int]) -> Bool {
        applying.contains { rules[$0].countries != nil || rules[$0].maxUntilDays != nil || rules[$0].required.contains { $0.value == .countries } }
    }

    /// bunq's values for the fields `subject` does not know yet (the policy leaves them
    /// alone). Country expiries come from the ledger, since bunq never returns them; one
    /// that has passed allows nothing.
    private func fill(_ subject: inout RuleSubject, from card: LiveCard, readingCountries: Bool) {
        if subject.purchaseLimit == nil { subject.purchaseLimit = .init(card.cardLimit, at: nil) }
        if subject.atmLimit == nil { subject.atmLimit = .init(card.atmLimit, at: nil) }
        if subject.fallbackAccount == nil { subject.fallbackAccount = .init(card.fallbackAccountId != nil, at: nil) }
        if subject.account == nil { subject.account = .init(card.primaryAccountId != nil, at: nil) }
        if subject.cvc2 == nil { subject.cvc2 = .init(card.cvc2Type.flatMap(CVC2Type.init(rawValue:)) ?? .staticCode, at: nil) }
        guard readingCountries, subject.countries == nil else { return }
        let expiry = ledger.countryExpiry(cardId: card.id) ?? [:]
        let countries = card.countries.compactMap { country -> RuleSubject.Country? in
            guard let text = expiry[country], let until = BunqTimestamp(bunqString: text)?.date else { return .init(country: country) }
            return until <= now ? nil : .init(country: country, until: until, untilText: CountryChange.day(text))
        }
        subject.countries = .init(countries, at: nil)
    }
}
