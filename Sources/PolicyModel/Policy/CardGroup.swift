/// Which live cards a group applies to: every given field must match (strings take `*`/`?` globs).
public struct CardGroupMatch: Hashable, Sendable {
    public var type: GlobPattern?
    public var productType: GlobPattern?
    public var status: GlobPattern?
    public var secondLine: GlobPattern?
    public var nameOnCard: GlobPattern?
    public var last4: GlobPattern?
    /// The PRIMARY `pin_code_assignment` account, by id, IBAN or description.
    public var account: Located<AccountReference>?
    /// `user_holder_id`: a group matches another company user's cards only when it names the holder.
    public var holder: Int?

    public init() {}

    static let keys = ["type", "product_type", "status", "second_line", "name_on_card", "last4", "account", "holder"]
}

/// One `card_groups` entry: settings for every live card its match selects.
public struct CardGroup: Hashable, Sendable {
    public var name: String
    public var match: CardGroupMatch
    public var settings: CardSettings
    public var location: SourceLocation

    public init(name: String, match: CardGroupMatch, settings: CardSettings, location: SourceLocation) {
        self.name = name
        self.match = match
        self.settings = settings
        self.location = location
    }

    static let keys = ["name", "match"] + CardSettings.keys
}

extension NodeReader {
    func cardGroup(_ node: YAMLNode) -> CardGroup? {
        guard let mapping = mapping(node, "a `card_groups` entry") else { return nil }
        var name: String?
        var match: CardGroupMatch?
        var settings = CardSettings()
        var sawName = false, sawMatch = false
        let errorsBefore = log.errorCount
        for entry in entries(mapping, allowed: CardGroup.keys, in: "a card group") {
            switch entry.key {
            case "name":
                sawName = true
                name = entryName(entry.value)
            case "match":
                sawMatch = true
                match = groupMatch(entry.value)
            default:
                if let reason = CardSettings.fields.first(where: { $0.key == entry.key })?.perCardReason {
                    error(entry.keyNode, "a group cannot set `\(entry.key)`: \(reason)")
                    continue
                }
                readSetting(entry.key, entry.value, into: &settings)
                // One typo in a glob must not cancel or report lost many cards at once.
                if entry.key == "status", let status = settings.status, status.value.isIrreversible {
                    error(entry.value, "a group cannot set the irreversible status \(status.value.rawValue); set it on each card in `cards`")
                }
            }
        }
        if !sawName { error(node, "a card group needs a `name`") }
        if !sawMatch { error(node, "card group \(name.map { "`\($0)` " } ?? "")needs a `match`") }
        guard let name, let match, log.errorCount == errorsBefore else { return nil }
        return CardGroup(name: name, match: match, settings: settings, location: location(node))
    }

    /// A group's `match`, or a rule's (`what` names which, `whenEmpty` says why it cannot be empty).
    func groupMatch(
        _ node: YAMLNode, what: String = "a group's `match`", whenEmpty: String = "a group that matches every card is too easy to get wrong"
    ) -> CardGroupMatch? {
        guard let mapping = mapping(node, what) else { return nil }
        var match = CardGroupMatch()
        let found = entries(mapping, allowed: CardGroupMatch.keys, in: what)
        if mapping.count == 0 {
            error(node, "\(what) needs at least one of \(CardGroupMatch.keys.joined(separator: ", ")); \(whenEmpty)")
            return nil
        }
        for entry in found {
            if entry.key == "account" {
                match.account = accountReference(entry.value, "`account`", allowsNone: false).map { Located($0, at: location(entry.value)) }
                continue
            }
            if entry.key == "holder" {
                match.holder = identifier(entry.value, "`holder`")
                continue
            }
            guard let text = nonEmptyString(entry.value, "`\(entry.key)`") else { continue }
            let glob = GlobPattern(text)
            switch entry.key {
            case "type": match.type = glob
            case "product_type": match.productType = glob
            case "status": match.status = glob
            case "second_line": match.secondLine = glob
            case "name_on_card": match.nameOnCard = glob
            default: match.last4 = glob
            }
        }
        return match
    }
}
