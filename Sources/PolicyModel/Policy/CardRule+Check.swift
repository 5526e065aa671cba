import Foundation

/// One way a card breaks a rule.
public struct RuleBreak: Hashable, Sendable {
    public var rule: String
    public var ruleLocation: SourceLocation
    /// The policy key of the value (`limits.purchase`, `countries`).
    public var field: String
    /// `purchase limit 8000.00 EUR breaks rule max-card-limit (rules.yaml:3:5): at most 5000.00 EUR`.
    public var message: String
    /// The policy line that causes it; nil when the value is the live card's.
    public var location: SourceLocation?
}

extension CardRule {
    /// Everything about `subject` this rule forbids, in the order of the rule's keys.
    public func breaks(_ subject: RuleSubject, now: Date) -> [RuleBreak] {
        var found: [RuleBreak] = []
        func add(_ field: String, _ what: String, _ why: String, at location: SourceLocation?) {
            found.append(
                RuleBreak(rule: name, ruleLocation: self.location, field: field, message: "\(what) breaks rule \(citation): \(why)", location: location))
        }
        for (field, what, maximum, value) in [
            ("limits.purchase", "purchase limit", maxPurchase, subject.purchaseLimit),
            ("limits.atm", "ATM limit", maxATM, subject.atmLimit)
        ] {
            guard let maximum, let value, let amount = value.value else { continue }
            if amount.currency != maximum.value.currency {
                add(field, "\(what) \(amount)", "at most \(maximum.value), and a limit in \(amount.currency) cannot be compared with it", at: value.location)
            } else if amount.value > maximum.value.value {
                add(field, "\(what) \(amount)", "at most \(maximum.value)", at: value.location)
            }
        }
        if let rule = countries?.value, let list = subject.countries {
            for country in list.value {
                switch rule {
                case .deny(let denied) where denied.contains(country.country):
                    add("countries", "country \(country.country)", "it denies \(denied.joined(separator: ", "))", at: country.location ?? list.location)
                case .allowOnly(let allowed) where !allowed.contains(country.country):
                    add("countries", "country \(country.country)", "it allows only \(allowed.joined(separator: ", "))", at: country.location ?? list.location)
                default:
                    break
                }
            }
        }
        for required in self.required {
            let has: RuleSubject.Field<Bool>?
            switch required.value {
            case .fallbackAccount: has = subject.fallbackAccount
            case .account: has = subject.account
            case .purchaseLimit: has = subject.purchaseLimit.map { .init($0.value != nil, at: $0.location) }
            case .atmLimit: has = subject.atmLimit.map { .init($0.value != nil, at: $0.location) }
            case .countries: has = subject.countries.map { .init(!$0.value.isEmpty, at: $0.location) }
            }
            guard let has, !has.value else { continue }
            add(required.value.rawValue, required.value.missing, "it requires `\(required.value.rawValue)`", at: has.location)
        }
        if let wanted = cvc2, let value = subject.cvc2, value.value != wanted.value {
            add("cvc2", "cvc2 \(value.value.rawValue)", "it requires \(wanted.value.rawValue)", at: value.location)
        }
        if let days = maxUntilDays?.value, let list = subject.countries {
            let latest = Self.latestUntil(days: days, now: now)
            for country in list.value {
                guard let until = country.until, until > latest.date else { continue }
                add(
                    "countries", "\(country.country) until \(country.untilText ?? Expiry.instant(until).description)",
                    "a permission may last at most \(days) days (until \(latest.text))", at: country.location ?? list.location)
            }
        }
        return found
    }

    /// The end (UTC) of the day `days` after today: a permission until that date is allowed.
    static func latestUntil(days: Int, now: Date) -> (date: Date, text: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let day = calendar.dateComponents([.year, .month, .day], from: now.addingTimeInterval(TimeInterval(days) * 86_400))
        let end = Expiry.endOfDay(year: day.year!, month: day.month!, day: day.day!)
        return (end.date, end.description)
    }
}
