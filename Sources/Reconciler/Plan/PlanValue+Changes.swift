import BunqAPI
import Foundation
import PolicyModel

/// The structured `before`/`after` of each kind of change, built where the diff builds the
/// change's text from the same values, so the two say the same thing and no one parses text.
/// The shapes are part of the plan format (docs/plan-json.md) and of `cardpolicy schema --plan`.
extension PlanValue {
    /// A limit: `{"value": "100.00", "currency": "EUR"}`, the value as bunq's two-decimal
    /// string, never a JSON number, which a reader would parse as a binary float.
    static func amount(_ amount: PolicyAmount) -> PlanValue {
        .object(["value": .string(amount.valueText), "currency": .string(amount.currency)])
    }

    /// One country permission: `{"country": "US", "until": "2026-12-31T23:59:59Z"}`, until being
    /// the last moment it holds in UTC; left out when it has none or when it is not known.
    static func country(_ country: String, until: Date?) -> PlanValue {
        .members([("country", .string(country)), ("until", until.map { .string($0.formatted(.iso8601)) })])
    }

    /// An account by id, with its IBAN and description when the live state has the account;
    /// nil for none (a card without a fallback).
    static func account(_ id: Int?, in accounts: [LiveAccount]) -> PlanValue? {
        guard let id else { return nil }
        let account = accounts.first { $0.id == id }
        return .members([
            ("id", .int(id)), ("iban", account?.iban.map(PlanValue.string)), ("description", account.map { .string($0.description) })
        ])
    }

    /// A notification filter: its category and where it notifies (no target for push and email).
    static func filter(_ filter: LiveNotificationFilter) -> PlanValue {
        .members([("category", .string(filter.category)), ("target", filter.target.map(PlanValue.string))])
    }

    /// One certificate of a pinned chain: its subject and the SHA-256 of its DER form.
    static func certificate(subject: String, sha256: String) -> PlanValue {
        .object(["subject": .string(subject), "sha256": .string(sha256)])
    }

    /// One attribute of a card number, with the last four digits that name the number (never more of it).
    static func number(last4: String, _ attribute: String, _ value: String?) -> PlanValue? {
        value.map { .object(["last4": .string(last4), attribute: .string($0)]) }
    }
}
