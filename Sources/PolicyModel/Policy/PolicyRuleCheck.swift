import Foundation

/// The rules checked without live cards, when a policy loads: a rule for every card holds for
/// each entry and group, whatever cards they turn out to match, so `validate` reports what
/// breaks one at the line that sets it. A rule with a `match` needs the live cards to know
/// what it covers; the planner checks those, and the settings a card gets from several places.
enum PolicyRuleCheck {
    static func check(_ policy: Policy, now: Date, log: inout DiagnosticLog) {
        let everyCard = policy.rules.filter { $0.match == nil }
        guard !everyCard.isEmpty else { return }
        let settings = policy.cards.map(\.settings) + policy.cardGroups.map(\.settings)
        var reported = Set<RuleBreak>()
        for setting in settings {
            let subject = RuleSubject(settings: setting, now: now)
            for rule in everyCard {
                for found in rule.breaks(subject, now: now) {
                    guard let location = found.location, reported.insert(found).inserted else { continue }
                    log.error(location, found.message)
                }
            }
        }
    }
}
