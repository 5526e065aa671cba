/// The status of one card number (bunq's `primary_account_numbers[].status`). CANCELLED is
/// permanent, like a card's.
public enum CardNumberStatus: String, CaseIterable, Hashable, Sendable {
    case active = "ACTIVE"
    case deactivated = "DEACTIVATED"
    case cancelled = "CANCELLED"

    public var isIrreversible: Bool { self == .cancelled }
}

/// One declared number of a card, found among the card's numbers by its last four digits.
/// Each attribute left nil is left as bunq has it.
public struct CardNumber: Hashable, Sendable {
    public var last4: String
    public var description: String?
    public var status: CardNumberStatus?
    public var account: AccountReference?
    public var location: SourceLocation

    public init(
        last4: String, description: String? = nil, status: CardNumberStatus? = nil, account: AccountReference? = nil,
        location: SourceLocation
    ) {
        self.last4 = last4
        self.description = description
        self.status = status
        self.account = account
        self.location = location
    }

    static let keys = ["last4", "description", "status", "account"]
}

/// A card's `numbers`: the declared numbers, and whether they are all the card may have.
public struct CardNumbers: Hashable, Sendable {
    public var numbers: [CardNumber]
    /// With `complete: true`, a live number not declared is deactivated (never cancelled).
    public var complete: Bool

    public init(_ numbers: [CardNumber], complete: Bool = false) {
        self.numbers = numbers
        self.complete = complete
    }

    /// The same numbers asking the same things, wherever each was written.
    public func agrees(with other: CardNumbers) -> Bool {
        func plain(_ numbers: CardNumbers) -> [String] {
            numbers.numbers.map { "\($0.last4)|\($0.description ?? "-")|\($0.status?.rawValue ?? "-")|\($0.account?.description ?? "-")" }
        }
        return complete == other.complete && plain(self) == plain(other)
    }
}

extension NodeReader {
    /// `[{last4: "1234", …}, …]` or `{complete: true, list: [...]}`.
    func cardNumbers(_ node: YAMLNode) -> CardNumbers? {
        switch node {
        case .sequence(let items):
            return numberList(items).map { CardNumbers($0) }
        case .mapping(let mapping):
            var complete: Bool?
            var list: [CardNumber]?
            var sawList = false
            var valid = true
            let found = entries(mapping, allowed: ["complete", "list"], in: "`numbers`")
            for entry in found {
                if entry.key == "complete" {
                    guard case .scalar(let scalar) = entry.value, kind(of: scalar) == .bool else {
                        error(entry.value, "`complete` must be true or false, found \(describe(entry.value))")
                        valid = false
                        continue
                    }
                    complete = ["true", "True", "TRUE"].contains(scalar.string)
                } else {
                    sawList = true
                    guard let items = sequence(entry.value, "`numbers.list`") else {
                        valid = false
                        continue
                    }
                    list = numberList(items)
                }
            }
            if !sawList {
                error(node, "`numbers` as a mapping needs `list` (and `complete`); or write the list itself")
                return nil
            }
            guard valid, let list, found.count == mapping.count else { return nil }
            return CardNumbers(list, complete: complete ?? false)
        default:
            error(node, "`numbers` must be a list of numbers or {complete: …, list: […]}, found \(describe(node))")
            return nil
        }
    }

    private func numberList(_ items: YAMLNode.List) -> [CardNumber]? {
        var numbers: [CardNumber] = []
        var seen: [String: SourceLocation] = [:]
        var valid = true
        for item in items {
            guard let number = cardNumber(item) else {
                valid = false
                continue
            }
            if let first = seen[number.last4] {
                error(item, "number …\(number.last4) is declared twice (first at \(first))")
                valid = false
                continue
            }
            seen[number.last4] = number.location
            numbers.append(number)
        }
        return valid ? numbers : nil
    }

    private func cardNumber(_ node: YAMLNode) -> CardNumber? {
        guard let mapping = mapping(node, "a `numbers` entry") else { return nil }
        var last4: String?
        var number = CardNumber(last4: "", location: location(node))
        var valid = true
        var sawLast4 = false
        let found = entries(mapping, allowed: CardNumber.keys, in: "a `numbers` entry")
        for entry in found {
            switch entry.key {
            case "last4":
                sawLast4 = true
                last4 = last4Digits(entry.value)
            case "description":
                if let text = string(entry.value, "`description`") { number.description = text } else { valid = false }
            case "status":
                let status = word(entry.value, "`status`", oneOf: CardNumberStatus.allCases.map(\.rawValue)).flatMap(CardNumberStatus.init(rawValue:))
                if let status { number.status = status } else { valid = false }
            default:
                if let account = accountReference(entry.value, "`account`", allowsNone: false) { number.account = account } else { valid = false }
            }
        }
        if !sawLast4 { error(node, "a `numbers` entry needs `last4` (the number's last 4 digits, quoted)") }
        guard let last4, valid, found.count == mapping.count else { return nil }
        number.last4 = last4
        return number
    }

    /// The last four digits of a card number, quoted so YAML keeps a leading zero.
    func last4Digits(_ node: YAMLNode) -> String? {
        if case .scalar(let scalar) = node, kind(of: scalar) == .integer {
            error(node, "`last4` must be a quoted string such as \"\(Self.clip(scalar.string))\" (YAML reads bare digits as a number)")
            return nil
        }
        guard let digits = string(node, "`last4`") else { return nil }
        guard digits.utf8.count == 4, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            error(node, "`last4` must be the last 4 digits of the card number, found \"\(Self.clip(digits))\"")
            return nil
        }
        return digits
    }
}
