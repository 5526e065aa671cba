import Foundation

/// The bulk-change guard: how many of the managed cards one apply may change before it
/// needs `--max-changes`. A policy edit that touches most of a fleet (a group's selector
/// widened by mistake, a limit typed for the wrong group) is stopped before the first write.
public struct ChangeThreshold: Hashable, Sendable, CustomStringConvertible {
    public enum Limit: Hashable, Sendable {
        /// At most this many cards.
        case cards(Int)
        /// At most this share of the managed cards, in percent.
        case percent(Double)
    }

    public var limit: Limit
    /// Below this many managed cards the guard does not apply: changing 4 of 5 cards is an
    /// ordinary edit. Only the default has one; a limit given on the command line always holds.
    public var minimumManagedCards: Int

    /// More than 30% of at least 10 managed cards.
    public static let standard = ChangeThreshold(limit: .percent(30), minimumManagedCards: 10)

    public init(limit: Limit, minimumManagedCards: Int = 0) {
        self.limit = limit
        self.minimumManagedCards = minimumManagedCards
    }

    /// `250` (cards) or `40%` (of the managed cards); nil for anything else.
    public init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%") {
            guard let percent = Double(text.dropLast()), percent >= 0, percent <= 100 else { return nil }
            self.init(limit: .percent(percent))
        } else {
            guard let cards = Int(text), cards >= 0 else { return nil }
            self.init(limit: .cards(cards))
        }
    }

    public var description: String {
        switch limit {
        case .cards(let cards): return "\(cards)"
        case .percent(let percent): return "\(Self.number(percent))%"
        }
    }

    /// Why changing `changed` of `managed` cards needs `--max-changes`; nil when it may go ahead.
    func blocker(changed: Int, managed: Int) -> String? {
        guard changed > 0, managed >= minimumManagedCards else { return nil }
        let allowed: Bool
        switch limit {
        case .cards(let cards): allowed = changed <= cards
        case .percent(let percent): allowed = Double(changed) <= Double(managed) * percent / 100
        }
        guard !allowed else { return nil }
        let share = Double(changed) * 100 / Double(max(managed, 1))
        let needed = (share * 10).rounded(.up) / 10
        let limitText: String
        switch limit {
        case .cards(let cards): limitText = "more than --max-changes \(cards)"
        case .percent(let percent): limitText = "more than \(Self.number(percent))% of them"
        }
        return
            "\(changed) of \(managed) managed cards (\(Self.number((share * 10).rounded() / 10))%) would change, \(limitText): pass --max-changes \(changed) (or \(Self.number(needed))%) to allow it"
    }

    private static func number(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
    }
}
