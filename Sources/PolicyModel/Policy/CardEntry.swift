/// One `cards` entry: a single live card and the fields the policy sets on it.
public struct CardEntry: Hashable, Sendable {
    public var name: String
    public var selector: Located<CardSelector>
    public var settings: CardSettings
    public var location: SourceLocation

    public init(name: String, selector: Located<CardSelector>, settings: CardSettings, location: SourceLocation) {
        self.name = name
        self.selector = selector
        self.settings = settings
        self.location = location
    }

    static let keys = ["name", "match"] + CardSettings.keys
}

extension NodeReader {
    func cardEntry(_ node: YAMLNode) -> CardEntry? {
        guard let mapping = mapping(node, "a `cards` entry") else { return nil }
        var name: String?
        var selector: Located<CardSelector>?
        var settings = CardSettings()
        var sawName = false, sawMatch = false
        let errorsBefore = log.errorCount
        for entry in entries(mapping, allowed: CardEntry.keys, in: "a card") {
            switch entry.key {
            case "name":
                sawName = true
                name = entryName(entry.value)
            case "match":
                sawMatch = true
                selector = cardSelector(entry.value).map { Located($0, at: location(entry.value)) }
            default:
                readSetting(entry.key, entry.value, into: &settings)
            }
        }
        if !sawName { error(node, "a card needs a `name`") }
        if !sawMatch { error(node, "card \(name.map { "`\($0)` " } ?? "")needs a `match` (one of \(CardSelector.keys.joined(separator: ", ")))") }
        if case .secondLine(let matched) = selector?.value, let renamed = settings.secondLine, renamed.value != matched {
            // After apply no card would have the matched line: the next plan could not find the card.
            log.error(
                renamed.location,
                "card \(name.map { "`\($0)` " } ?? "")is matched by `second_line: \"\(Self.clip(matched))\"` and renames it to \"\(Self.clip(renamed.value))\": after apply that match would find no card; match it by `id` or `last4` instead"
            )
        }
        guard let name, let selector, log.errorCount == errorsBefore else { return nil }
        return CardEntry(name: name, selector: selector, settings: settings, location: location(node))
    }

    /// Names appear in plans, the journal and the ledger, so they are kept to a safe alphabet.
    func entryName(_ node: YAMLNode) -> String? {
        guard let name = nonEmptyString(node, "`name`") else { return nil }
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57)
                || byte == 45 || byte == 95 || byte == 46
        }
        guard allowed, name.count <= 64 else {
            error(node, "`name` may use letters, digits, '-', '_' and '.' (at most 64), found \"\(Self.clip(name))\"")
            return nil
        }
        return name
    }
}
