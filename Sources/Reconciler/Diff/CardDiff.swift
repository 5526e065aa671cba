import BunqAPI
import Foundation
import PolicyModel

/// The card PUT (and CVC2 write) one desired card needs, or conflicts where bunq cannot follow.
struct CardDiff {
    let userId: Int
    let accounts: [LiveAccount]
    let ledger: Ledger
    let now: Date

    struct Outcome {
        var actions: [PlanAction] = []
        /// The card PUT's typed body, when there is one: a card batch may carry it instead.
        var update: CardUpdate?
        var conflicts: [PlanConflict] = []
        var errors: [Diagnostic] = []
    }

    func diff(_ card: DesiredCard, generatedCvc2: [LiveGeneratedCvc2]?) -> Outcome {
        let live = card.live
        // The PUT starts by keeping the card's fallback: bunq clears one a PUT leaves out.
        var draft = CardPutDraft(update: CardUpdate(fallbackAccount: FallbackAccount(accountId: live.fallbackAccountId)))
        for field in CardField.all { field.plan(card, self, &draft) }
        var outcome = Outcome(conflicts: draft.conflicts, errors: draft.errors)
        if !draft.changes.isEmpty {
            if let reason = live.unchangeableReason {
                outcome.conflicts.append(
                    PlanConflict(
                        resource: card.resource,
                        message: "cannot change \(draft.changes.map(\.field).joined(separator: ", ")): \(reason)",
                        source: card.sources.first ?? SourceLocation(file: "", line: 0, column: 0)))
            } else {
                let request = PlannedRequest(method: "PUT", path: "/user/\(userId)/card/\(live.id)", body: PlannedBody.text(draft.update))
                outcome.update = draft.update
                outcome.actions.append(
                    PlanAction(
                        id: card.actionKey, kind: .updateCard, resource: card.resource, changes: draft.changes,
                        target: .card(id: live.id), request: request, irreversible: draft.irreversible,
                        sources: draft.sources,
                        liveDigest: Self.liveDigest(live), ledger: draft.ledger, reprint: draft.reprint ? true : nil))
            }
        }
        if let desired = card.settings.cvc2, desired.value.rawValue != (live.cvc2Type ?? CVC2Type.staticCode.rawValue) {
            if let reason = live.unchangeableReason {
                outcome.conflicts.append(PlanConflict(resource: card.resource, message: "cannot change cvc2: \(reason)", source: desired.location))
            } else {
                outcome.actions.append(cvc2Action(card, desired, entries: generatedCvc2 ?? []))
            }
        }
        return outcome
    }

    func accountName(_ id: Int?) -> String {
        guard let id else { return "none" }
        guard let account = accounts.first(where: { $0.id == id }) else { return "account \(id)" }
        return "\(id) \"\(account.description)\""
    }

    /// The account `accountName` names, as plan data.
    func accountValue(_ id: Int?) -> PlanValue? {
        PlanValue.account(id, in: accounts)
    }

    private func cvc2Action(_ card: DesiredCard, _ desired: Located<CVC2Type>, entries: [LiveGeneratedCvc2]) -> PlanAction {
        let before = card.live.cvc2Type ?? CVC2Type.staticCode.rawValue
        let change = FieldChange(
            field: "cvc2", before: before, after: desired.value.rawValue, beforeValue: .string(before), afterValue: .string(desired.value.rawValue))
        let body = PlannedBody.text(GeneratedCvc2Update(type: desired.value.rawValue))
        let base = "/user/\(userId)/card/\(card.live.id)/generated-cvc2"
        let latest = entries.max { $0.id < $1.id }
        let request =
            latest.map { PlannedRequest(method: "PUT", path: "\(base)/\($0.id)", body: body) }
            ?? PlannedRequest(method: "POST", path: base, body: body)
        return PlanAction(
            id: card.actionKey + "/cvc2", kind: latest == nil ? .createGeneratedCvc2 : .updateGeneratedCvc2,
            resource: card.resource, changes: [change],
            target: .generatedCvc2(cardId: card.live.id, entryId: latest?.id), request: request, irreversible: false,
            sources: [desired.location], liveDigest: Self.liveDigest(card.live), ledger: nil)
    }

    /// The live fields a card action is planned from, canonical and hashed.
    static func liveDigest(_ card: LiveCard) -> String {
        Digest.sha256((["id=\(card.id)"] + CardField.all.flatMap { $0.digest(card) }).joined(separator: "\n"))
    }
}
