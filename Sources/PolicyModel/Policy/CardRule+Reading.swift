extension NodeReader {
    /// One `rules` entry; nil (with the problems reported) when it is not usable.
    func cardRule(_ node: YAMLNode) -> CardRule? {
        guard let mapping = mapping(node, "a `rules` entry") else { return nil }
        let errorsBefore = log.errorCount
        var rule = CardRule(name: "", location: location(node))
        var sawName = false
        var constraints = 0
        for entry in entries(mapping, allowed: CardRule.keys, in: "a rule") {
            if CardRule.constraintKeys.contains(entry.key) { constraints += 1 }
            switch entry.key {
            case "name":
                sawName = true
                rule.name = entryName(entry.value) ?? ""
            case "match":
                if case .scalar(let scalar) = entry.value, kind(of: scalar) == .string, scalar.string == "all" { continue }
                if case .mapping = entry.value {
                    rule.match = groupMatch(
                        entry.value, what: "a rule's `match`", whenEmpty: "write `match: all` for a rule that holds for every card")
                } else {
                    error(entry.value, "a rule's `match` must be `all` or a mapping of card fields, found \(describe(entry.value))")
                }
            case "max_limits":
                guard let limits = self.mapping(entry.value, "`max_limits`") else { continue }
                let found = entries(limits, allowed: ["purchase", "atm"], in: "`max_limits`")
                if limits.count == 0 { error(entry.value, "`max_limits` needs `purchase`, `atm` or both") }
                for limit in found {
                    let amount = money(limit.value, "`\(limit.key)`").map { Located($0, at: location(limit.value)) }
                    if limit.key == "purchase" { rule.maxPurchase = amount } else { rule.maxATM = amount }
                }
            case "countries":
                rule.countries = ruleCountries(entry.value).map { Located($0, at: location(entry.value)) }
            case "require":
                rule.required = requiredFields(entry.value)
            case "cvc2":
                rule.cvc2 = word(entry.value, "`cvc2`", oneOf: CVC2Type.allCases.map(\.rawValue)).flatMap(CVC2Type.init(rawValue:))
                    .map { Located($0, at: location(entry.value)) }
            case "protect":
                guard case .scalar(let scalar) = entry.value, kind(of: scalar) == .bool else {
                    error(entry.value, "`protect` must be true or false, found \(describe(entry.value))")
                    continue
                }
                rule.protect = ["true", "yes", "on"].contains(scalar.string.lowercased())
                // A rule that says `protect: false` and nothing else holds nothing.
                if !rule.protect { constraints -= 1 }
            default:
                rule.maxUntilDays = days(entry.value).map { Located($0, at: location(entry.value)) }
            }
        }
        if !sawName { error(node, "a rule needs a `name`") }
        if constraints <= 0, log.errorCount == errorsBefore {
            error(
                node,
                "rule \(rule.name.isEmpty ? "" : "`\(rule.name)` ")checks nothing: give it max_limits, countries, require, cvc2, max_until or protect: true"
            )
        }
        guard !rule.name.isEmpty, log.errorCount == errorsBefore else { return nil }
        return rule
    }

    /// `{deny: [RU, KP]}` or `{allow_only: [NL, BE]}`: one of the two, a list of real codes.
    private func ruleCountries(_ node: YAMLNode) -> RuleCountries? {
        guard let mapping = mapping(node, "a rule's `countries`") else { return nil }
        let found = entries(mapping, allowed: RuleCountries.keys, in: "a rule's `countries`")
        guard found.count == 1, let entry = found.first else {
            if mapping.count == 0 {
                error(node, "a rule's `countries` needs `deny` or `allow_only`")
            } else if found.count > 1 {
                error(found[1].keyNode, "a rule's `countries` takes `deny` or `allow_only`, not both; write two rules")
            }
            return nil
        }
        guard let items = sequence(entry.value, "`\(entry.key)`") else { return nil }
        if items.isEmpty {
            error(entry.value, "`\(entry.key)` needs at least one country")
            return nil
        }
        var codes: [String] = []
        var valid = true
        for item in items {
            guard let code = countryCode(item) else { valid = false; continue }
            if codes.contains(code) {
                error(item, "country \(code) is listed twice")
                valid = false
                continue
            }
            codes.append(code)
        }
        guard valid else { return nil }
        return entry.key == "deny" ? .deny(codes) : .allowOnly(codes)
    }

    private func requiredFields(_ node: YAMLNode) -> [Located<RequiredField>] {
        let names = RequiredField.allCases.map(\.rawValue)
        guard let items = sequence(node, "`require`") else { return [] }
        if items.isEmpty { error(node, "`require` needs at least one of \(names.joined(separator: ", "))") }
        var fields: [Located<RequiredField>] = []
        for item in items {
            guard let field = word(item, "a required field", oneOf: names).flatMap(RequiredField.init(rawValue:)) else { continue }
            if fields.contains(where: { $0.value == field }) {
                error(item, "`\(field.rawValue)` is required twice")
                continue
            }
            fields.append(Located(field, at: location(item)))
        }
        return fields
    }

    /// `90d`: a whole number of days, 1 to 9999.
    private func days(_ node: YAMLNode) -> Int? {
        let hint = "`max_until` must be a number of days such as 90d"
        guard case .scalar(let scalar) = node, kind(of: scalar) == .string else {
            error(node, "\(hint), found \(describe(node))")
            return nil
        }
        let text = scalar.string
        guard text.hasSuffix("d"), let days = Int(text.dropLast()), text.dropLast().allSatisfy(\.isNumber) else {
            error(node, "\(hint), found \"\(Self.clip(text))\"")
            return nil
        }
        guard (1...CardRule.maxUntilLimit).contains(days) else {
            error(node, "`max_until` must be 1d to \(CardRule.maxUntilLimit)d, found \(text)")
            return nil
        }
        return days
    }
}
