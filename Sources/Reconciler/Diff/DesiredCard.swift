import PolicyModel

/// One setting wanted for a card, with who asked for it.
public struct DesiredSetting<Value: Hashable & Sendable>: Hashable, Sendable {
    public var value: Value
    public var source: SourceLocation
    /// `card alice-travel` or `group no-cash-for-virtual`.
    public var origin: String
}

/// A live card and everything the policy wants of it, after groups and the card entry merged.
public struct DesiredCard: Hashable, Sendable {
    public var live: LiveCard
    /// The `cards` entry, if any; group-only cards have none.
    public var entryName: String?
    public var groupNames: [String]
    public var status: DesiredSetting<CardStatus>?
    public var purchaseLimit: DesiredSetting<Money>?
    public var atmLimit: DesiredSetting<Money>?
    public var countries: DesiredSetting<[CountryPermission]>?
    public var fallbackAccount: DesiredSetting<FallbackAccount>?
    public var cvc2: DesiredSetting<CVC2Type>?

    /// Stable id for actions: `card/<entry>` or `card/<id>` for group-only cards.
    public var actionKey: String { entryName.map { "card/\($0)" } ?? "card/\(live.id)" }

    public var resource: String {
        if let entryName { return "card \(entryName) (\(live.label))" }
        return "card \(live.label) (group \(groupNames.joined(separator: ", ")))"
    }

    public var sources: [SourceLocation] {
        let all: [SourceLocation?] = [status?.source, purchaseLimit?.source, atmLimit?.source, countries?.source,
                                      fallbackAccount?.source, cvc2?.source]
        return Array(Set(all.compactMap { $0 })).sorted()
    }
}
