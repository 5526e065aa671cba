/// A PIN type of bunq's `pin_code_assignment`: each routes the card to one account.
public enum PinAssignmentType: String, CaseIterable, Hashable, Sendable, Comparable {
    case primary = "PRIMARY"
    case secondary = "SECONDARY"
    case tertiary = "TERTIARY"

    /// The key a policy writes it as (`primary`).
    public var key: String { rawValue.lowercased() }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A card's `account`: which account each declared PIN type pays from. Types left out are
/// left as bunq has them.
public struct CardAccounts: Hashable, Sendable {
    public var accounts: [PinAssignmentType: AccountReference]

    public init(_ accounts: [PinAssignmentType: AccountReference]) { self.accounts = accounts }

    /// The declared types in bunq's order: PRIMARY, SECONDARY, TERTIARY.
    public var declared: [(type: PinAssignmentType, account: AccountReference)] {
        accounts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension NodeReader {
    /// `2078781`, `{iban: …}`, `{description: …}` (the PRIMARY account), or
    /// `{primary: …, secondary: …, tertiary: …}` with at least one.
    func cardAccounts(_ node: YAMLNode) -> CardAccounts? {
        let typeKeys = PinAssignmentType.allCases.map(\.key)
        if case .mapping(let mapping) = node,
            mapping.contains(where: { key, _ in
                if case .scalar(let scalar) = key { return typeKeys.contains(scalar.string) }
                return false
            })
        {
            var accounts: [PinAssignmentType: AccountReference] = [:]
            var valid = true
            for entry in entries(mapping, allowed: typeKeys, in: "`account`") {
                guard let type = PinAssignmentType.allCases.first(where: { $0.key == entry.key }),
                    let reference = accountReference(entry.value, "`account.\(entry.key)`", allowsNone: false)
                else {
                    valid = false
                    continue
                }
                accounts[type] = reference
            }
            return valid && accounts.count == mapping.count ? CardAccounts(accounts) : nil
        }
        if case .mapping(let mapping) = node, mapping.count == 0 {
            error(node, "`account` needs an account (id, {iban: …} or {description: …}) or at least one of \(typeKeys.joined(separator: ", "))")
            return nil
        }
        return accountReference(node, "`account`", allowsNone: false).map { CardAccounts([.primary: $0]) }
    }
}
