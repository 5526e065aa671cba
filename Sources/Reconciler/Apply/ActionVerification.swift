import Foundation
import PolicyModel

/// Does bunq now hold what an action's request asked for? Used after the writes (a mismatch
/// names the field) and to settle an attempt whose answer never arrived.
public enum ActionVerification {
    /// The fields that differ from what the action's request sets; empty when it took effect.
    public static func mismatches(_ action: PlanAction, in live: LiveState) -> [String] {
        let body = action.request.body.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] } ?? [:]
        switch action.kind {
        case .updateCard:
            guard case .card(let id) = action.target, let card = live.cards.first(where: { $0.id == id }) else { return ["card"] }
            return cardMismatches(body, card)
        case .createGeneratedCvc2, .updateGeneratedCvc2:
            guard case .generatedCvc2(let id, _) = action.target, let card = live.cards.first(where: { $0.id == id }) else { return ["card"] }
            return card.cvc2Type == body["type"] as? String ? [] : ["cvc2"]
        case .pinCertificateChain:
            let pems = (body["certificate_chain"] as? [[String: Any]] ?? []).compactMap { $0["certificate"] as? String }
            let wanted = pems.compactMap { PinnedCertificate.chain(fromPEM: $0)?.first?.fingerprint }
            return (live.pinnedChains ?? []).contains { $0.fingerprints == wanted } ? [] : ["certificate_chain"]
        case .unpinCertificateChain:
            guard case .pinnedChain(let id) = action.target else { return ["certificate-pinned"] }
            return (live.pinnedChains ?? []).contains { $0.id == id } ? ["certificate-pinned \(id) still pinned"] : []
        case .replaceNotificationFilters:
            guard case .notifications(let scope) = action.target else { return ["notification_filters"] }
            let wanted = (body["notification_filters"] as? [[String: Any]] ?? []).map {
                LiveNotificationFilter(category: $0["category"] as? String ?? "", target: $0["notification_target"] as? String)
            }
            let current = live.filters(for: scope) ?? []
            return wanted.sorted(by: order) == current.sorted(by: order) ? [] : ["notification_filters"]
        }
    }

    private static func order(_ a: LiveNotificationFilter, _ b: LiveNotificationFilter) -> Bool {
        (a.category, a.target ?? "") < (b.category, b.target ?? "")
    }

    private static func cardMismatches(_ body: [String: Any], _ card: LiveCard) -> [String] {
        var fields: [String] = []
        if let status = body["status"] as? String, card.status != status { fields.append("status") }
        for (key, field, current) in [("card_limit", "limits.purchase", card.cardLimit), ("card_limit_atm", "limits.atm", card.atmLimit)] {
            guard let amount = body[key] as? [String: Any] else { continue }
            let wanted = (amount["value"] as? String).flatMap(Money.parseValue).map { Money(value: $0, currency: amount["currency"] as? String ?? "") }
            // A limit bunq still sends as null after the write cannot be compared, so it is not
            // called a mismatch; one bunq shows is compared.
            if let current, wanted != current { fields.append(field) }
        }
        if let permissions = body["country_permission"] as? [[String: Any]] {
            if Set(permissions.compactMap { $0["country"] as? String }) != Set(card.countries) { fields.append("countries") }
        }
        // A card PUT always decides the fallback: the account it names, or none when the field
        // is left out, since bunq then removes it.
        if (body["monetary_account_id_fallback"] as? Int) != card.fallbackAccountId { fields.append("fallback_account") }
        return fields
    }
}
