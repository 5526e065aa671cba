/// The card fields a policy can set; each is nil when the policy leaves it alone.
public struct CardSettings: Hashable, Sendable {
    public var status: Located<SettableCardStatus>?
    /// `card_limit`: the spending limit.
    public var purchaseLimit: Located<PolicyAmount>?
    /// `card_limit_atm`: the cash withdrawal limit.
    public var atmLimit: Located<PolicyAmount>?
    /// `country_permission`: the complete list of allowed countries.
    public var countries: Located<[CountryPermission]>?
    public var fallbackAccount: Located<AccountReference>?
    public var cvc2: Located<CVC2Type>?
    /// `second_line`: the text under the name on the card, which plans also name the card by.
    public var secondLine: Located<String>? {
        get { seldomSet.first?.secondLine }
        set { changeSeldomSet { $0.secondLine = newValue } }
    }
    /// `preferred_name_on_card`: the holder's name as it is printed on the card.
    public var preferredNameOnCard: Located<String>? {
        get { seldomSet.first?.preferredNameOnCard }
        set { changeSeldomSet { $0.preferredNameOnCard = newValue } }
    }
    /// `pin_code_assignment`: which account each declared PIN type pays from.
    public var account: Located<CardAccounts>? {
        get { seldomSet.first?.account }
        set { changeSeldomSet { $0.account = newValue } }
    }
    /// `primary_account_numbers`: a card entry's numbers (groups cannot set them).
    public var numbers: Located<CardNumbers>? {
        get { seldomSet.first?.numbers }
        set { changeSeldomSet { $0.numbers = newValue } }
    }

    /// Fields most entries leave unset, held out of line (none, or one): inline, their room
    /// would be in every one of a 10,000-card policy's entries and in every merged card.
    private var seldomSet: [SeldomSetFields] = []

    private struct SeldomSetFields: Hashable, Sendable {
        var secondLine: Located<String>?
        var preferredNameOnCard: Located<String>?
        var account: Located<CardAccounts>?
        var numbers: Located<CardNumbers>?
    }

    private mutating func changeSeldomSet(_ change: (inout SeldomSetFields) -> Void) {
        var fields = seldomSet.first ?? SeldomSetFields()
        change(&fields)
        seldomSet = fields == SeldomSetFields() ? [] : [fields]
    }

    public init() {}

    /// Every key a policy may set on a card, in the order plans, exports and the schema list them.
    public static let fields: [CardSettingField] = [
        .field("status", \.status, schema: { PolicySchema.ref("status") }) {
            $0.word($1, "`status`", oneOf: SettableCardStatus.allCases.map(\.rawValue)).flatMap(SettableCardStatus.init(rawValue:))
        },
        .field("limits.purchase", \.purchaseLimit, schema: { PolicySchema.ref("amount") }) { $0.money($1, "`purchase`") },
        .field("limits.atm", \.atmLimit, schema: { PolicySchema.ref("amount") }) { $0.money($1, "`atm`") },
        // Compared without where each was written: two groups allowing the same countries
        // until the same moments agree.
        .field(
            "countries", \.countries, schema: { PolicySchema.list("countryPermission") },
            same: { a, b in a.map { [$0.country, $0.expiry?.description ?? ""] } == b.map { [$0.country, $0.expiry?.description ?? ""] } }
        ) {
            $0.countryPermissions($1)
        },
        .field("fallback_account", \.fallbackAccount, schema: { PolicySchema.ref("fallbackAccount") }) { $0.fallbackAccount($1) },
        .field("cvc2", \.cvc2, schema: { ["enum": CVC2Type.allCases.map(\.rawValue)] }) {
            $0.word($1, "`cvc2`", oneOf: CVC2Type.allCases.map(\.rawValue)).flatMap(CVC2Type.init(rawValue:))
        },
        // Printed on one card each: a group would give many cards one name.
        .field(
            "second_line", \.secondLine, schema: { PolicySchema.cardText(CardText.secondLine) },
            perCard: "it names one card, and a group would give it to every card it matches; set it in `cards`"
        ) {
            $0.cardText($1, CardText.secondLine)
        },
        .field(
            "preferred_name_on_card", \.preferredNameOnCard, schema: { PolicySchema.cardText(CardText.preferredName) },
            perCard: "it names one card, and a group would give it to every card it matches; set it in `cards`"
        ) {
            $0.cardText($1, CardText.preferredName)
        },
        .field("account", \.account, schema: { PolicySchema.ref("cardAccount") }) { $0.cardAccounts($1) },
        // Compared without where each number was written.
        // Told apart by their last four digits, which belong to one card.
        .field(
            "numbers", \.numbers, schema: { PolicySchema.ref("cardNumbers") }, same: { $0.agrees(with: $1) },
            perCard: "each card has its own; set them on the card in `cards`"
        ) { $0.cardNumbers($1) }
    ]

    /// The keys a card or group mapping may hold: each field's key, or the key it is nested in.
    static let keys: [String] = fields.reduce(into: []) { keys, field in
        let key = field.parent ?? field.key
        if !keys.contains(key) { keys.append(key) }
    }
}

extension NodeReader {
    /// Reads one settings key of a card or group; an invalid value is reported and left unset.
    func readSetting(_ key: String, _ value: YAMLNode, into settings: inout CardSettings) {
        if let field = CardSettings.fields.first(where: { $0.key == key }) {
            field.read(self, value, &settings)
            return
        }
        let nested = CardSettings.fields.filter { $0.parent == key }
        guard !nested.isEmpty, let mapping = mapping(value, "`\(key)`") else { return }
        for entry in entries(mapping, allowed: nested.map(\.leaf), in: "`\(key)`") {
            nested.first { $0.leaf == entry.key }?.read(self, entry.value, &settings)
        }
    }

    /// `100 EUR`, `100.00 EUR` or `{value: "100.00", currency: EUR}`.
    func money(_ node: YAMLNode, _ what: String) -> PolicyAmount? {
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
            error(node, AmountProblems.currency(code, swappedWith: String(parts[0])))
            return nil
        }
        return amount(String(parts[0]), currency: code, at: node, what)
    }

    private func amount(_ text: String, currency: String, at node: YAMLNode, _ what: String) -> PolicyAmount? {
        guard let value = PolicyAmount.parseValue(text) else {
            if text.hasPrefix("-") {
                error(node, "\(what) cannot be negative, found \(Self.clip(text))")
            } else {
                error(node, AmountProblems.value(text, what))
            }
            return nil
        }
        return PolicyAmount(value: value, currency: currency)
    }

    private func currencyCode(_ node: YAMLNode) -> String? {
        guard let code = string(node, "`currency`") else { return nil }
        guard ISOCodes.currencySet.contains(code) else {
            error(node, AmountProblems.currency(code))
            return nil
        }
        return code
    }
}
