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
        var conflicts: [PlanConflict] = []
        var errors: [Diagnostic] = []
    }

    func diff(_ card: DesiredCard, generatedCvc2: [LiveGeneratedCvc2]?) -> Outcome {
        var outcome = Outcome()
        let live = card.live
        var changes: [FieldChange] = []
        var body: [String: BodyValue] = [:]
        var ledgerEntry: LedgerEntry?
        var irreversible = false
        var sources: [SourceLocation] = []

        func conflict(_ setting: SourceLocation, _ message: String) {
            outcome.conflicts.append(PlanConflict(resource: card.resource, message: message, source: setting))
        }

        if let status = card.status, status.value.rawValue != live.status {
            if let refusal = CardStatusRules.refusal(live, to: status.value) {
                conflict(status.source, "status: \(refusal)")
            } else {
                changes.append(FieldChange(field: "status", before: live.status, after: status.value.rawValue,
                                           irreversible: status.value.isIrreversible))
                sources.append(status.source)
                body["status"] = .string(status.value.rawValue)
                irreversible = status.value.isIrreversible
            }
        }
        for (field, wire, desired, current) in [("limits.purchase", "card_limit", card.purchaseLimit, live.cardLimit),
                                                ("limits.atm", "card_limit_atm", card.atmLimit, live.atmLimit)] {
            guard let desired, desired.value != current else { continue }
            if let current, current.currency != desired.value.currency {
                conflict(desired.source, "\(field): the card's limits are in \(current.currency); bunq does not change their currency to \(desired.value.currency)")
                continue
            }
            // A limit bunq sends as null cannot be compared: it is shown as unknown and set.
            changes.append(FieldChange(field: field, before: current?.description ?? "(unknown: bunq sent no value)",
                                       after: desired.value.description))
            sources.append(desired.source)
            body[wire] = RequestBody.amount(desired.value)
        }
        if let desired = card.countries {
            let result = countryChange(desired.value, live: live)
            if let change = result.change {
                changes.append(change)
                sources.append(desired.source)
                body["country_permission"] = .array(result.permissions)
                ledgerEntry = LedgerEntry(cardId: live.id, countryExpiry: result.expiry)
            }
        }
        var fallbackId = live.fallbackAccountId
        if let desired = card.fallbackAccount {
            switch FallbackResolution.resolve(desired.value, accounts: accounts) {
            case .problem(let problem):
                outcome.errors.append(Diagnostic(.error, desired.source, "\(card.resource): fallback_account: \(problem)"))
            case .account(let id):
                fallbackId = id
                if id != live.fallbackAccountId {
                    changes.append(FieldChange(field: "fallback_account", before: accountName(live.fallbackAccountId),
                                               after: accountName(id)))
                    sources.append(desired.source)
                }
            }
        }
        if !changes.isEmpty {
            if let reason = live.unmatchableReason ?? permanentReason(live) {
                conflict(card.sources.first ?? SourceLocation(file: "", line: 0, column: 0),
                         "cannot change \(changes.map(\.field).joined(separator: ", ")): \(reason)")
            } else {
                // bunq removes the fallback account from a card whenever a PUT leaves the field
                // out, so the fallback to keep is always sent; and leaving it out is how a card
                // without one stays without one (bunq's schema has no null for it).
                if let fallbackId { body["monetary_account_id_fallback"] = .int(fallbackId) }
                let request = PlannedRequest(method: "PUT", path: "/user/\(userId)/card/\(live.id)", body: RequestBody.json(body))
                outcome.actions.append(PlanAction(id: card.actionKey, kind: .updateCard, resource: card.resource, changes: changes,
                                                  target: .card(id: live.id), request: request, irreversible: irreversible, sources: sources,
                                                  liveDigest: Self.liveDigest(live), ledger: ledgerEntry))
            }
        }
        if let desired = card.cvc2, desired.value.rawValue != (live.cvc2Type ?? CVC2Type.staticCode.rawValue) {
            if let reason = live.unmatchableReason ?? permanentReason(live) {
                conflict(desired.source, "cannot change cvc2: \(reason)")
            } else {
                outcome.actions.append(cvc2Action(card, desired, entries: generatedCvc2 ?? []))
            }
        }
        return outcome
    }

    private func permanentReason(_ live: LiveCard) -> String? {
        CardStatusRules.permanent.contains(live.status) ? "the card is \(live.status), which is permanent" : nil
    }

    private func accountName(_ id: Int?) -> String {
        guard let id else { return "none" }
        guard let account = accounts.first(where: { $0.id == id }) else { return "account \(id)" }
        return "\(id) \"\(account.description)\""
    }

    /// The whole desired list, compared as a set with bunq's, and expiries against the ledger.
    private func countryChange(_ desired: [CountryPermission], live: LiveCard)
        -> (change: FieldChange?, permissions: [BodyValue], expiry: [String: String]) {
        let active = desired.filter { $0.isActive(at: now) }
        var expiry: [String: String] = [:]
        for permission in active { if let until = permission.expiry { expiry[permission.country] = until.bunqExpiryTime } }
        let permissions: [BodyValue] = active.map { permission in
            var item: [String: BodyValue] = ["country": .string(permission.country)]
            if let until = permission.expiry { item["expiry_time"] = .string(until.bunqExpiryTime) }
            return .object(item)
        }
        let known = ledger.countryExpiry(cardId: live.id)
        // A permission sent with an expiry that has since passed has ended in bunq, whether
        // bunq still lists the country or not: the policy's `until` said so, and it is not drift.
        let ended = Set((known ?? [:]).filter { BunqTimestamp(bunqString: $0.value).map { $0.date <= now } ?? false }.keys)
        let liveCountries = live.countries.filter { !ended.contains($0) }
        let setDiffers = Set(active.map(\.country)) != Set(liveCountries)
        let expiryDiffers: Bool
        var note: String?
        if let known {
            expiryDiffers = known.filter { active.map(\.country).contains($0.key) } != expiry
        } else {
            expiryDiffers = !expiry.isEmpty
            if expiryDiffers { note = "expiry unknown: bunq does not return it and the ledger has no entry; sent once" }
        }
        guard setDiffers || expiryDiffers else { return (nil, permissions, expiry) }
        let before = liveCountries.map { country -> String in
            guard let known else { return country }
            return known[country].map { "\(country) until \(Self.day($0))" } ?? country
        }.joined(separator: ", ")
        let after = active.map { permission in
            permission.expiry.map { "\(permission.country) until \($0)" } ?? permission.country
        }.joined(separator: ", ")
        return (FieldChange(field: "countries", before: before.isEmpty ? "(none)" : before, after: after.isEmpty ? "(none)" : after, note: note),
                permissions, expiry)
    }

    static func day(_ bunqTime: String) -> String {
        bunqTime.hasSuffix("23:59:59.000000") ? String(bunqTime.prefix(10)) : String(bunqTime.prefix(19)) + " UTC"
    }

    /// A ledger expiry as a policy `until`: a date when it is the end of a day, else a UTC timestamp.
    static func untilText(_ bunqTime: String) -> String {
        bunqTime.hasSuffix("23:59:59.000000") ? String(bunqTime.prefix(10)) : String(bunqTime.prefix(19)).replacingOccurrences(of: " ", with: "T") + "Z"
    }

    private func cvc2Action(_ card: DesiredCard, _ desired: DesiredSetting<CVC2Type>, entries: [LiveGeneratedCvc2]) -> PlanAction {
        let change = FieldChange(field: "cvc2", before: card.live.cvc2Type ?? CVC2Type.staticCode.rawValue, after: desired.value.rawValue)
        let body = RequestBody.json(["type": .string(desired.value.rawValue)])
        let base = "/user/\(userId)/card/\(card.live.id)/generated-cvc2"
        let latest = entries.max { $0.id < $1.id }
        let request = latest.map { PlannedRequest(method: "PUT", path: "\(base)/\($0.id)", body: body) }
            ?? PlannedRequest(method: "POST", path: base, body: body)
        return PlanAction(id: card.actionKey + "/cvc2", kind: latest == nil ? .createGeneratedCvc2 : .updateGeneratedCvc2,
                          resource: card.resource, changes: [change],
                          target: .generatedCvc2(cardId: card.live.id, entryId: latest?.id), request: request, irreversible: false,
                          sources: [desired.source], liveDigest: Self.liveDigest(card.live), ledger: nil)
    }

    /// The live fields a card action is planned from, canonical and hashed.
    static func liveDigest(_ card: LiveCard) -> String {
        let fields: [String] = [
            "id=\(card.id)", "status=\(card.status)", "sub_status=\(card.subStatus ?? "")", "order_status=\(card.orderStatus ?? "")",
            "card_limit=\(card.cardLimit?.description ?? "")", "card_limit_atm=\(card.atmLimit?.description ?? "")",
            "countries=\(card.countries.sorted().joined(separator: ","))", "fallback=\(card.fallbackAccountId.map(String.init) ?? "")",
            "cvc2=\(card.cvc2Type ?? "")",
        ]
        return Digest.sha256(fields.joined(separator: "\n"))
    }
}
