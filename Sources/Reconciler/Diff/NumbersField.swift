import BunqAPI
import PolicyModel

extension CardField {
    /// `numbers`: the description, status and account of a card's numbers, each found by its
    /// last four digits. A change sends every number of the card with its id and full
    /// writable state: bunq does not say whether a partial list replaces or merges, and the
    /// complete list is right under both.
    static let numbers = CardField(
        key: "numbers",
        plan: { card, diff, draft in
            guard let desired = card.settings.numbers else { return }
            var numbers = card.live.numbers
            var declared = Set<Int>()
            var changed = false
            for number in desired.value.numbers {
                guard let index = numbers.firstIndex(where: { $0.last4 == number.last4 }) else {
                    let known = numbers.map { "…\($0.last4)" }.joined(separator: ", ")
                    draft.errors.append(
                        Diagnostic(
                            .error, number.location,
                            "\(card.resource): numbers: the card has no number …\(number.last4); its numbers are \(known.isEmpty ? "none" : known)"))
                    continue
                }
                declared.insert(numbers[index].id)
                let live = numbers[index]
                var wanted = live
                if let description = number.description { wanted.description = description }
                if let status = number.status { wanted.status = status.rawValue }
                if let reference = number.account {
                    switch AccountResolution.resolve(reference, accounts: diff.accounts, activeOnly: true) {
                    case .problem(let problem):
                        draft.errors.append(Diagnostic(.error, number.location, "\(card.resource): numbers …\(number.last4): account: \(problem)"))
                        continue
                    case .account(let id):
                        wanted.accountId = id
                    }
                }
                guard wanted != live else { continue }
                if live.status == CardNumberStatus.cancelled.rawValue {
                    draft.conflict(card, number.location, "numbers …\(live.last4): the number is CANCELLED, which is permanent; it cannot change")
                    continue
                }
                for change in CardField.numberChanges(live, wanted, diff) { draft.change(change, from: number.location) }
                if wanted.status == CardNumberStatus.cancelled.rawValue { draft.irreversible = true }
                numbers[index] = wanted
                changed = true
            }
            // Omission deactivates, which can be undone; cancelling is only ever asked for by name.
            if desired.value.complete {
                for index in numbers.indices where !declared.contains(numbers[index].id) {
                    let status = numbers[index].status
                    guard status != CardNumberStatus.cancelled.rawValue, status != CardNumberStatus.deactivated.rawValue else { continue }
                    var wanted = numbers[index]
                    wanted.status = CardNumberStatus.deactivated.rawValue
                    var changes = CardField.numberChanges(numbers[index], wanted, diff)
                    changes[0].note = "not declared in a complete `numbers` list"
                    for change in changes { draft.change(change, from: desired.location) }
                    numbers[index] = wanted
                    changed = true
                }
            }
            guard changed else { return }
            draft.update.primaryAccountNumbers = numbers.map {
                CardPrimaryAccountNumber(id: $0.id, description: $0.description, status: $0.status, monetaryAccountId: $0.accountId)
            }
        },
        digest: { card in
            [
                "primary_account_numbers="
                    + card.numbers.map { "\($0.id)/\($0.last4)/\($0.status ?? "")/\($0.accountId.map(String.init) ?? "")/\($0.description ?? "")" }
                    .joined(separator: ",")
            ]
        },
        holds: { update, card in
            update.primaryAccountNumbers.map { sent in
                sent.allSatisfy { entry in
                    guard let live = card.numbers.first(where: { $0.id == entry.id }) else { return false }
                    return (entry.description.map { $0 == live.description } ?? true) && (entry.status.map { $0 == live.status } ?? true)
                        && (entry.monetaryAccountId.map { $0 == live.accountId } ?? true)
                }
            } ?? true
        },
        // Written for a card with several numbers, or one whose description is not the card's
        // second line: a single number named like its card says nothing the card does not.
        export: { card, _ in
            guard card.numbers.count > 1 || card.numbers.contains(where: { $0.description.map { $0 != card.secondLine } ?? false }) else {
                return nil
            }
            return card.numbers.map { number in
                var parts = ["last4: \"\(number.last4)\""]
                if let description = number.description { parts.append("description: \(PlainText.doubleQuoted(description))") }
                if let status = number.status, CardNumberStatus(rawValue: status) != nil { parts.append("status: \(status)") }
                if let account = number.accountId { parts.append("account: \(account)") }
                return "\n      - {\(parts.joined(separator: ", "))}"
            }.joined()
        })

    /// One change line per attribute of a number that differs, named by its last four digits.
    private static func numberChanges(_ live: LiveCardNumber, _ wanted: LiveCardNumber, _ diff: CardDiff) -> [FieldChange] {
        let field = "numbers …\(live.last4)"
        var changes: [FieldChange] = []
        if wanted.description != live.description {
            changes.append(
                FieldChange(
                    field: "\(field) description", before: live.description.map(PlainText.doubleQuoted),
                    after: wanted.description.map(PlainText.doubleQuoted),
                    beforeValue: .number(last4: live.last4, "description", live.description),
                    afterValue: .number(last4: live.last4, "description", wanted.description)))
        }
        if wanted.status != live.status {
            changes.append(
                FieldChange(
                    field: "\(field) status", before: live.status, after: wanted.status,
                    irreversible: wanted.status == CardNumberStatus.cancelled.rawValue,
                    beforeValue: .number(last4: live.last4, "status", live.status),
                    afterValue: .number(last4: live.last4, "status", wanted.status)))
        }
        if wanted.accountId != live.accountId {
            changes.append(
                FieldChange(
                    field: "\(field) account", before: diff.accountName(live.accountId), after: diff.accountName(wanted.accountId),
                    beforeValue: diff.accountValue(live.accountId), afterValue: diff.accountValue(wanted.accountId)))
        }
        return changes
    }
}
