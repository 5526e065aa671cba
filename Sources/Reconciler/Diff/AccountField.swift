import BunqAPI
import PolicyModel

extension CardField {
    /// `account`: which account each declared PIN type pays from (`pin_code_assignment`).
    /// A change sends the card's whole list, the declared types set and every other entry
    /// kept as bunq has it; no change sends nothing, since new routing may reprint a card.
    static let account = CardField(
        key: "account",
        plan: { card, diff, draft in
            guard let desired = card.settings.account else { return }
            var assignments = card.live.pinAssignments
            var changed = false
            for (type, reference) in desired.value.declared {
                let field = accountChangeField(type)
                switch AccountResolution.resolve(reference, accounts: diff.accounts, activeOnly: true) {
                case .problem(let problem):
                    draft.errors.append(Diagnostic(.error, desired.location, "\(card.resource): \(field): \(problem)"))
                case .account(let id):
                    let index = assignments.firstIndex { $0.type == type.rawValue }
                    guard let id, index.map({ assignments[$0].accountId != id }) ?? true else { continue }
                    draft.change(
                        FieldChange(
                            field: field, before: index.map { diff.accountName(assignments[$0].accountId) }, after: diff.accountName(id),
                            beforeValue: index.flatMap { diff.accountValue(assignments[$0].accountId) }, afterValue: diff.accountValue(id)),
                        from: desired.location)
                    if let index {
                        assignments[index].accountId = id
                    } else {
                        assignments.append(LivePinAssignment(type: type.rawValue, accountId: id))
                    }
                    changed = true
                }
            }
            guard changed else { return }
            draft.update.pinCodeAssignments = assignments.map {
                CardPinAssignment(type: $0.type, monetaryAccountId: $0.accountId, routingType: $0.routingType)
            }
        },
        digest: { card in
            let entries = card.pinAssignments.map { "\($0.type)/\($0.routingType ?? "")/\($0.accountId.map(String.init) ?? "")" }
            return ["pin_code_assignment=" + entries.joined(separator: ",")]
        },
        holds: { update, card in
            update.pinCodeAssignments.map { sent in
                sent.allSatisfy { entry in card.pinAssignments.contains { $0.type == entry.type && $0.accountId == entry.monetaryAccountId } }
            } ?? true
        },
        // The plain id for a card on one account, the mapping when other PIN types route elsewhere.
        export: { card, _ in
            let known = PinAssignmentType.allCases.compactMap { type in
                card.pinAssignments.first { $0.type == type.rawValue }?.accountId.map { (type, $0) }
            }
            guard !known.isEmpty else { return nil }
            if known.count == 1, known[0].0 == .primary { return String(known[0].1) }
            return "{" + known.map { "\($0.0.key): \($0.1)" }.joined(separator: ", ") + "}"
        })

    /// How a plan names the change of one PIN type's account: `account` for the primary one,
    /// `account.secondary`, `account.tertiary`.
    static func accountChangeField(_ type: PinAssignmentType) -> String {
        type == .primary ? "account" : "account.\(type.key)"
    }
}
