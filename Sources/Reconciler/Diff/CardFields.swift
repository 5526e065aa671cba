import BunqAPI
import PolicyModel

extension CardField {
    /// Every card field, in the order plans list changes, verification names mismatches and
    /// export writes keys; the same keys, in the same order, as `CardSettings.fields`.
    static let all: [CardField] = [
        CardField(
            key: "status",
            plan: { card, _, draft in
                guard let status = card.settings.status, status.value.rawValue != card.live.status.rawValue else { return }
                if let refusal = CardStatusRules.refusal(card.live, to: status.value) {
                    draft.conflict(card, status.location, "status: \(refusal)")
                    return
                }
                draft.change(
                    FieldChange(
                        field: "status", before: card.live.status.rawValue, after: status.value.rawValue,
                        irreversible: status.value.isIrreversible, beforeValue: .string(card.live.status.rawValue),
                        afterValue: .string(status.value.rawValue)), from: status.location)
                draft.update.status = CardStatus(rawValue: status.value.rawValue)
                draft.irreversible = status.value.isIrreversible
            },
            // Which status changes bunq accepts depends on the sub and order status too.
            digest: { ["status=\($0.status)", "sub_status=\($0.subStatus ?? "")", "order_status=\($0.orderStatus ?? "")"] },
            holds: { update, card in update.status.map { $0 == card.status } ?? true },
            // The final statuses are left out: a policy cannot set EXPIRED, and a card in one is not exported.
            export: { card, _ in [CardStatus.active, .deactivated].contains(card.status) ? card.status.rawValue : nil }),
        .limit("limits.purchase", \.purchaseLimit, live: \.cardLimit, wire: \.cardLimit, wireKey: "card_limit"),
        .limit("limits.atm", \.atmLimit, live: \.atmLimit, wire: \.cardLimitATM, wireKey: "card_limit_atm"),
        CardField(
            key: "countries",
            plan: { card, diff, draft in
                guard let desired = card.settings.countries else { return }
                let result = CountryChange.compare(desired.value, live: card.live, ledger: diff.ledger, now: diff.now)
                guard let change = result.change else { return }
                draft.change(change, from: desired.location)
                draft.update.countryPermissions = result.permissions
                draft.ledger = LedgerEntry(cardId: card.live.id, countryExpiry: result.expiry, replacedCardIds: card.replacedCardIds)
            },
            digest: { ["countries=\($0.countries.sorted().joined(separator: ","))"] },
            holds: { update, card in update.countryPermissions.map { Set($0.map(\.country)) == Set(card.countries) } ?? true },
            export: { card, ledger in
                let expiry = ledger.countryExpiry(cardId: card.id) ?? [:]
                let countries = card.countries.map { country -> String in
                    let code = PlainText.quotedIfNeeded(country)
                    guard let until = expiry[country] else { return code }
                    return "{country: \(code), until: \"\(CountryChange.untilText(until))\"}"
                }
                return "[\(countries.joined(separator: ", "))]"
            }),
        CardField(
            key: "fallback_account",
            plan: { card, diff, draft in
                guard let desired = card.settings.fallbackAccount else { return }
                switch AccountResolution.resolve(desired.value, accounts: diff.accounts) {
                case .problem(let problem):
                    draft.errors.append(Diagnostic(.error, desired.location, "\(card.resource): fallback_account: \(problem)"))
                case .account(let id):
                    draft.update.fallbackAccount = FallbackAccount(accountId: id)
                    if id != card.live.fallbackAccountId {
                        draft.change(
                            FieldChange(
                                field: "fallback_account", before: diff.accountName(card.live.fallbackAccountId),
                                after: diff.accountName(id), beforeValue: diff.accountValue(card.live.fallbackAccountId),
                                afterValue: diff.accountValue(id)), from: desired.location)
                    }
                }
            },
            digest: { ["fallback=\($0.fallbackAccountId.map(String.init) ?? "")"] },
            // Every card PUT decides the fallback, so it is always compared.
            holds: { update, card in update.fallbackAccount == FallbackAccount(accountId: card.fallbackAccountId) },
            export: { card, _ in card.fallbackAccountId.map(String.init) ?? "none" }),
        CardField(
            key: "cvc2",
            // Not part of the card PUT: it is its own request, planned and verified on its own.
            plan: { _, _, _ in },
            digest: { ["cvc2=\($0.cvc2Type ?? "")"] },
            holds: { _, _ in true },
            export: { card, _ in card.cvc2Type }),
        .printedText(CardText.secondLine, \.secondLine, live: \.secondLineText, wire: \.secondLine),
        .printedText(CardText.preferredName, \.preferredNameOnCard, live: \.preferredNameOnCard, wire: \.preferredNameOnCard),
        .account,
        .numbers
    ]
}
