
/// The card fields a policy can set; each is nil when the policy leaves it alone.
public struct CardSettings: Hashable, Sendable {
    public var status: Located<CardStatus>?
    /// `card_limit`: the spending limit.
    public var purchaseLimit: Located<Money>?
    /// `card_limit_atm`: the cash withdrawal limit.
    public var atmLimit: Located<Money>?
    /// `country_permission`: the complete list of allowed countries.
    public var countries: Located<[CountryPermission]>?
    public var fallbackAccount: Located<FallbackAccount>?
    public var cvc2: Located<CVC2Type>?

    public init() {}

    static let keys = ["status", "limits", "countries", "fallback_account", "cvc2"]
}

extension NodeReader {
    /// Reads one settings key of a card or group; an invalid value is reported and left unset.
    func readSetting(_ key: String, _ value: YAMLNode, into settings: inout CardSettings) {
        let here = location(value)
        switch key {
        case "status":
            if let word = word(value, "`status`", oneOf: CardStatus.allCases.map(\.rawValue)) {
                settings.status = Located(CardStatus(rawValue: word)!, at: here)
            }
        case "limits":
            guard let mapping = mapping(value, "`limits`") else { return }
            for entry in entries(mapping, allowed: ["purchase", "atm"], in: "`limits`") {
                guard let money = money(entry.value, "`\(entry.key)`") else { continue }
                let located = Located(money, at: location(entry.value))
                if entry.key == "purchase" { settings.purchaseLimit = located } else { settings.atmLimit = located }
            }
        case "countries":
            if let list = countryPermissions(value) { settings.countries = Located(list, at: here) }
        case "fallback_account":
            if let account = fallbackAccount(value) { settings.fallbackAccount = Located(account, at: here) }
        case "cvc2":
            if let word = word(value, "`cvc2`", oneOf: CVC2Type.allCases.map(\.rawValue)) {
                settings.cvc2 = Located(CVC2Type(rawValue: word)!, at: here)
            }
        default:
            break
        }
    }

    /// `100 EUR`, `100.00 EUR` or `{value: "100.00", currency: EUR}`.
    func money(_ node: YAMLNode, _ what: String) -> Money? {
        if case .mapping(let mapping) = node {
            var valueText: String?
            var currency: String?
            var valueNode = node
            var present: Set<String> = []
            for entry in entries(mapping, allowed: ["value", "currency"], in: what) {
                present.insert(entry.key)
                if entry.key == "value" {
                    valueNode = entry.value
                    if case .scalar(let scalar) = entry.value, [.integer, .float].contains(kind(of: scalar)) {
                        error(entry.value, "`value` must be a quoted string such as \"\(Self.clip(scalar.string))\" (YAML reads bare numbers as binary floats)")
                        return nil
                    }
                    valueText = string(entry.value, "`value`")
                } else {
                    currency = currencyCode(entry.value)
                }
            }
            for key in ["value", "currency"] where !present.contains(key) {
                error(node, "\(what) needs `\(key)`")
            }
            guard let valueText, let currency else { return nil }
            return amount(valueText, currency: currency, at: valueNode, what)
        }
        guard case .scalar(let scalar) = node, kind(of: scalar) == .string else {
            error(node, "\(what) must be an amount such as \"100.00 EUR\", found \(describe(node))")
            return nil
        }
        let text = scalar.string
        guard let space = text.firstIndex(of: " "), !text[text.index(after: space)...].contains(" "), space != text.startIndex else {
            error(node, "\(what) must be an amount with a currency, such as \"100.00 EUR\", found \"\(Self.clip(text))\"")
            return nil
        }
        let parts = [text[..<space], text[text.index(after: space)...]]
        let code = String(parts[1])
        guard ISOCodes.currencySet.contains(code) else {
            error(node, "\"\(Self.clip(code))\" is not an ISO 4217 currency code")
            return nil
        }
        return amount(String(parts[0]), currency: code, at: node, what)
    }

    private func amount(_ text: String, currency: String, at node: YAMLNode, _ what: String) -> Money? {
        guard let value = Money.parseValue(text) else {
            if text.hasPrefix("-") {
                error(node, "\(what) cannot be negative, found \(Self.clip(text))")
            } else {
                error(node, "\(what) must be a decimal with at most 2 decimals (such as 100.00), found \"\(Self.clip(text))\"")
            }
            return nil
        }
        return Money(value: value, currency: currency)
    }

    private func currencyCode(_ node: YAMLNode) -> String? {
        guard let code = string(node, "`currency`") else { return nil }
        guard ISOCodes.currencySet.contains(code) else {
            error(node, "\"\(Self.clip(code))\" is not an ISO 4217 currency code")
            return nil
        }
        return code
    }
}
