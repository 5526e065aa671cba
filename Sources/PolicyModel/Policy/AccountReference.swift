/// How a policy names a monetary account: by id, IBAN or description, or none. A card's
/// `fallback_account` (bunq's `monetary_account_id_fallback`), its `account` and a number's
/// `account` are one; each is resolved against the live accounts at plan time, so the policy
/// need not know bunq's ids.
public enum AccountReference: Hashable, Sendable, CustomStringConvertible {
    case accountId(Int)
    case iban(String)
    case description(String)
    /// No fallback: removes one that is set.
    case none

    public var description: String {
        switch self {
        case .accountId(let id): return "account \(id)"
        case .iban(let iban): return "IBAN \(iban)"
        case .description(let text): return "account \"\(text)\""
        case .none: return "none"
        }
    }
}

/// IBAN checks: structure and the ISO 13616 mod-97 check digits.
public enum IBAN {
    /// Upper-cased, spaces removed; nil when the IBAN is not valid.
    public static func normalised(_ text: String) -> String? {
        let compact = text.replacingOccurrences(of: " ", with: "").uppercased()
        let bytes = Array(compact.utf8)
        guard (15...34).contains(bytes.count),
            bytes[0...1].allSatisfy({ $0 >= 65 && $0 <= 90 }),
            bytes[2...3].allSatisfy({ $0 >= 48 && $0 <= 57 }),
            bytes.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) }),
            ISOCodes.countrySet.contains(String(compact.prefix(2)))
        else { return nil }
        var remainder = 0
        for byte in bytes[4...] + bytes[..<4] {
            let value = byte <= 57 ? Int(byte - 48) : Int(byte - 55)
            remainder = (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97
        }
        return remainder == 1 ? compact : nil
    }
}

extension NodeReader {
    func fallbackAccount(_ node: YAMLNode) -> AccountReference? {
        accountReference(node, "`fallback_account`", allowsNone: true)
    }

    /// An account id, `{iban: …}` or `{description: …}` (and `none` where removing is meaningful).
    func accountReference(_ node: YAMLNode, _ what: String, allowsNone: Bool) -> AccountReference? {
        let forms = allowsNone ? "an account id, {iban: …}, {description: …} or none" : "an account id, {iban: …} or {description: …}"
        switch node {
        case .scalar(let scalar):
            if kind(of: scalar) == .integer {
                return identifier(node, what).map(AccountReference.accountId)
            }
            if allowsNone, kind(of: scalar) == .string, scalar.string == "none" { return AccountReference.none }
            error(node, "\(what) must be \(forms), found \(describe(node))")
            return nil
        case .mapping(let mapping):
            let found = entries(mapping, allowed: ["iban", "description"], in: what)
            guard found.count == 1, let entry = found.first else {
                if found.count > 1 || mapping.count == 0 {
                    error(node, "\(what) takes exactly one of `iban` or `description`")
                }
                return nil
            }
            if entry.key == "iban" {
                guard let text = string(entry.value, "`iban`") else { return nil }
                guard let iban = IBAN.normalised(text) else {
                    error(entry.value, "\"\(Self.clip(text))\" is not a valid IBAN (check digits or length)")
                    return nil
                }
                return .iban(iban)
            }
            return nonEmptyString(entry.value, "`description`").map(AccountReference.description)
        default:
            error(node, "\(what) must be \(forms), found \(describe(node))")
            return nil
        }
    }
}
