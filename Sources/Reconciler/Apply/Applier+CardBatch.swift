import BunqAPI
import Foundation

/// What a card batch did, as far as bunq's answer and a read-back tell.
struct CardBatchSent {
    /// Cards bunq holds as planned: listed in `updated_card_ids`, or found so by reading.
    var done: [PlanAction]
    var byAnswer: Int
    var byReading: Int
    /// Cards bunq does not hold as planned: each goes next as a PUT of its own.
    var leftover: [PlanAction]
    /// bunq answered 404 or 405: it does not serve card-batch here, so the rest of this
    /// apply sends PUTs without trying another batch.
    var endpointRefused: Bool
    /// bunq's answer, or why there was none.
    var answer: String
}

extension Applier {
    /// Sends a card batch once, never again: bunq documents no rule for a batch in which some
    /// cards cannot change, so whatever the answer (an `updated_card_ids` that leaves cards
    /// out, a refusal, a timeout, a 5xx), the cards it does not list are read back, and those
    /// bunq does not hold as planned are left for PUTs of their own.
    func send(
        _ batch: PlannedCardBatch, members: [PlanAction], plan: Plan, estateSize: Int, observer: AttemptJournal,
        run: inout ApplyRun
    ) async throws -> CardBatchSent {
        let identity = RequestIdentity(base: RequestIds.base(planId: plan.planId, action: batch.id))
        let body = batch.request.body ?? ""
        let digest = Digest.sha256(body)
        func entry(_ event: JournalEntry.Event, _ action: String, detail: String, ledger: LedgerEntry? = nil, responseId: String? = nil) -> JournalEntry {
            JournalEntry(
                time: Journal.now(), event: event, planId: plan.planId, action: action, requestId: identity.headerValue,
                method: batch.request.method, path: batch.request.path, bodySHA256: event == .sending ? digest : nil,
                responseId: responseId, detail: detail, ledger: ledger)
        }
        // Every card is journaled as sent before the batch goes: a kill now leaves each of
        // them to be settled by reading, as an unanswered PUT would be.
        try journal.append(
            contentsOf: [entry(.sending, batch.id, detail: "\(members.count) cards")]
                + members.map { entry(.sending, $0.id, detail: "in \(batch.id)", ledger: $0.ledger) })
        observer.current = batch.id

        var updated: Set<Int> = []
        var answer: String
        var responseId: String?
        var endpointRefused = false
        do {
            let result = try await client.sendPlannedWrite(
                method: batch.request.method, path: batch.request.path, body: Array(body.utf8), requestId: identity,
                retriesAmbiguousFailures: false)
            switch result {
            case .applied(let reply, let receipt):
                updated = Set(CardBatchResult.decode(answer: reply.body)?.updatedCardIds ?? [])
                answer = "\(reply.status)"
                responseId = receipt.responseId
            case .refusedRepeat(let receipt, let refusal):
                answer = "\(refusal.status), refused"
                responseId = receipt.responseId
            }
        } catch let error as CancellationError {
            throw error
        } catch {
            if case .http(let failure) = error as? BunqError, failure.status == 404 || failure.status == 405 { endpointRefused = true }
            answer = "\(error)"
        }

        let listed = members.filter { updated.contains($0.target.cardId ?? -1) }
        let unlisted = members.filter { !updated.contains($0.target.cardId ?? -1) }
        var found: [PlanAction] = []
        var leftover: [PlanAction] = []
        if !unlisted.isEmpty {
            let reread = try await CardReread(client: client, estateSize: estateSize).read(unlisted.compactMap(\.target.cardId))
            for member in unlisted {
                if ActionVerification.mismatches(member, in: reread).isEmpty { found.append(member) } else { leftover.append(member) }
            }
        }

        // The ledger before the journal, as for every write: see `record`.
        do {
            for member in listed + found { if let ledger = member.ledger { run.ledger.record(ledger, at: Date()) } }
            try run.ledger.save(path: ledgerPath)
            let settled = "\(listed.count) updated, \(found.count) found done by reading, \(leftover.count) left for PUTs"
            try journal.append(
                contentsOf: listed.map {
                    entry(.confirmed, $0.id, detail: "in \(batch.id): listed in updated_card_ids", ledger: $0.ledger, responseId: responseId)
                }
                    + found.map { entry(.confirmed, $0.id, detail: "in \(batch.id) (\(answer)): bunq holds the change", ledger: $0.ledger) }
                    + leftover.map { entry(.abandoned, $0.id, detail: "in \(batch.id) (\(answer)): bunq does not hold the change; sent as a PUT") }
                    + [entry(.confirmed, batch.id, detail: settled, responseId: responseId)])
        } catch {
            throw UnrecordedWrite(reason: "\(error)")
        }
        run.report.done += (listed + found).map(\.id)
        run.started += listed.count + found.count
        return CardBatchSent(
            done: listed + found, byAnswer: listed.count, byReading: found.count, leftover: leftover,
            endpointRefused: endpointRefused, answer: answer)
    }
}
