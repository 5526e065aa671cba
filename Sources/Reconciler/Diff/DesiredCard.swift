import PolicyModel

/// A live card and everything the policy wants of it, after groups and the card entry merged.
public struct DesiredCard: Hashable, Sendable {
    public var live: LiveCard
    /// The `cards` entry, if any; group-only cards have none.
    public var entryName: String?
    public var groupNames: [String]
    /// The merged settings; each set field keeps where it was written.
    public var settings = CardSettings()
    /// Who set each field (`card alice-travel`, `group no-cash-for-virtual`), by field key.
    public var origins: [String: String] = [:]
    /// Cards bunq replaced whose `cards` entry now applies to this one, oldest first.
    public var replacedCardIds: [Int] = []

    public init(live: LiveCard, entryName: String?, groupNames: [String]) {
        self.live = live
        self.entryName = entryName
        self.groupNames = groupNames
    }

    /// Stable id for actions: `card/<entry>` or `card/<id>` for group-only cards.
    public var actionKey: String { entryName.map { "card/\($0)" } ?? "card/\(live.id)" }

    /// Another company user's card says whose it is, so an error bunq gives for it is plain.
    public var resource: String {
        let held = live.employeeHolderId.map { ", held by user \($0)" } ?? ""
        if let entryName { return "card \(entryName) (\(live.label)\(held))" }
        return "card \(live.label)\(held) (group \(groupNames.joined(separator: ", ")))"
    }

    public var sources: [SourceLocation] {
        Array(Set(CardSettings.fields.compactMap { $0.location(settings) })).sorted()
    }
}
