/// How a `cards` entry names its one live card.
public enum CardSelector: Hashable, Sendable, CustomStringConvertible {
    case id(Int)
    case last4(String)
    case secondLine(String)
    case nameOnCard(String)
    /// The card of a company employee, by `user_holder_id`: such cards are managed only when
    /// an entry names them this way or by id.
    case holder(Int)

    static let keys = ["id", "last4", "second_line", "name_on_card", "holder"]

    /// Whether the selector names a card on purpose rather than by what it shows, which is
    /// what selecting another company user's card takes.
    public var isExplicit: Bool {
        switch self {
        case .id, .holder: return true
        case .last4, .secondLine, .nameOnCard: return false
        }
    }

    public var description: String {
        switch self {
        case .id(let id): return "id \(id)"
        case .last4(let digits): return "last4 \(digits)"
        case .secondLine(let text): return "second_line \"\(text)\""
        case .nameOnCard(let text): return "name_on_card \"\(text)\""
        case .holder(let user): return "holder \(user)"
        }
    }
}

extension NodeReader {
    func cardSelector(_ node: YAMLNode) -> CardSelector? {
        guard let mapping = mapping(node, "`match`") else { return nil }
        let found = entries(mapping, allowed: CardSelector.keys, in: "a card's `match`")
        guard found.count == 1, let entry = found.first else {
            if mapping.count == 0 {
                error(node, "`match` needs one of \(CardSelector.keys.joined(separator: ", "))")
            } else if found.count > 1 {
                error(found[1].keyNode, "`match` takes exactly one key; use `card_groups` to select by several fields")
            }
            return nil
        }
        switch entry.key {
        case "id":
            return identifier(entry.value, "`id`").map(CardSelector.id)
        case "last4":
            return last4Digits(entry.value).map(CardSelector.last4)
        case "second_line":
            return nonEmptyString(entry.value, "`second_line`").map(CardSelector.secondLine)
        case "holder":
            return identifier(entry.value, "`holder`").map(CardSelector.holder)
        default:
            return nonEmptyString(entry.value, "`name_on_card`").map(CardSelector.nameOnCard)
        }
    }
}
