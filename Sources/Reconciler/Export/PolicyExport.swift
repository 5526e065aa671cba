import PolicyModel

/// Writes live state as policy YAML such that a plan of it reports no changes: cards matched
/// by id (a comment names last 4 and second line), pinned chains as PEM files, filter scopes.
public enum PolicyExport {
    /// Relative path → file contents.
    public static func files(_ live: LiveState, ledger: Ledger) -> [(path: String, contents: String)] {
        var files: [(String, String)] = [("cards.yaml", cards(live, ledger: ledger))]
        if let chains = live.pinnedChains {
            var yaml = "# Pinned callback TLS chains, exported from bunq. This list is complete: a chain\n"
            yaml += "# removed here is unpinned by apply.\nversion: 1\n\ncertificates:"
            yaml += chains.isEmpty ? " []\n" : "\n"
            for chain in chains.sorted(by: { $0.id < $1.id }) {
                let file = "certs/pinned-\(chain.id).pem"
                yaml += "  - name: pinned-\(chain.id)\n    file: \(file)\n"
                files.append((file, chain.pem.hasSuffix("\n") ? chain.pem : chain.pem + "\n"))
            }
            files.append(("certificates.yaml", yaml))
        }
        if !live.notificationScopes.isEmpty {
            files.append(("notifications.yaml", notifications(live.notificationScopes)))
        }
        return files
    }

    /// The cards export writes as entries: every card bunq still takes changes to, another
    /// company user's included (an entry by id is what manages those).
    public static func exportedCards(_ live: LiveState) -> [LiveCard] {
        live.cards.filter { $0.unchangeableReason == nil }
    }

    static func cards(_ live: LiveState, ledger: Ledger) -> String {
        var yaml = "# Cards exported from bunq (user \(live.userId)). Each entry matches one card by id and\n"
        yaml += "# sets what the card has now; delete a line to stop managing that field.\nversion: 1\n\ncards:"
        let cards = exportedCards(live)
        yaml += cards.isEmpty ? " []\n" : "\n"
        var used = Set<String>()
        for card in cards {
            var name = slug(card.secondLine)
            if name.isEmpty || used.contains(name) { name = (name.isEmpty ? "card" : name) + "-\(card.id)" }
            used.insert(name)
            let held = card.employeeHolderId.map { ", held by user \($0)" } ?? ""
            yaml += "  # \(card.label.replacingOccurrences(of: "\n", with: " ")) \(card.type)\(card.productType.map { " \($0)" } ?? "")\(held)\n"
            yaml += "  - name: \(name)\n    match: {id: \(card.id)}\n"
            var parent: Substring?
            for field in CardField.all {
                guard let value = field.export(card, ledger) else { continue }
                let parts = field.key.split(separator: ".", maxSplits: 1)
                if parts.count == 2 {
                    if parent != parts[0] { yaml += "    \(parts[0]):\n" }
                    parent = parts[0]
                    yaml += "      \(parts[1]): \(value)\n"
                } else {
                    parent = nil
                    // A block value (a list) starts on its own line.
                    yaml += "    \(field.key):\(value.hasPrefix("\n") ? "" : " ")\(value)\n"
                }
            }
        }
        let skipped = live.cards.filter { $0.unchangeableReason != nil }
        if !skipped.isEmpty {
            let replacements = CardReplacements(live.cards)
            yaml += "\n# Not exported, because they cannot be changed:\n"
            for (position, card) in live.cards.enumerated() where card.unchangeableReason != nil {
                var reason = card.unchangeableReason!
                if card.status.isFinal == false, let successor = replacements.current(of: position) {
                    reason = "it was replaced by \(live.cards[successor].shortLabel) (id \(live.cards[successor].id))"
                }
                yaml += "#   \(card.id) \(card.label.replacingOccurrences(of: "\n", with: " ")): \(reason)\n"
            }
        }
        return yaml
    }

    static func notifications(_ scopes: [LiveNotificationScope]) -> String {
        var yaml = "# Notification filters exported from bunq. Each scope listed is complete: a filter\n"
        yaml += "# removed here is removed from bunq by apply.\nversion: 1\n\nnotifications:\n"
        func list(_ filters: [LiveNotificationFilter], indent: String) -> String {
            guard !filters.isEmpty else { return " []\n" }
            return "\n"
                + filters.map { filter in
                    let target = filter.target.map { ", target: \(PlainText.doubleQuoted($0))" } ?? ""
                    return "\(indent)- {category: \(filter.category)\(target)}\n"
                }.joined()
        }
        var accounts: [(Int, [LiveNotificationFilter])] = []
        for scope in scopes.sorted(by: { $0.scope < $1.scope }) {
            switch scope.scope {
            case .userURL: yaml += "  url:" + list(scope.filters, indent: "    ")
            case .userPush: yaml += "  push:" + list(scope.filters, indent: "    ")
            case .userEmail: yaml += "  email:" + list(scope.filters, indent: "    ")
            case .accountURL(let id): accounts.append((id, scope.filters))
            }
        }
        if !accounts.isEmpty {
            yaml += "  accounts:\n"
            for (id, filters) in accounts { yaml += "    \(id):\n      url:" + list(filters, indent: "        ") }
        }
        return yaml
    }

    /// `Alice Travel` → `alice-travel`, `Ålice` → `alice`: names allow letters, digits, `-`,
    /// `_` and `.`. Accents are taken off (decomposed, marks dropped), not the letters.
    static func slug(_ text: String) -> String {
        var result = ""
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else if scalar.properties.generalCategory == .nonspacingMark {
                continue
            } else if !result.isEmpty, !result.hasSuffix("-") {
                result += "-"
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return String(result.prefix(48))
    }
}
