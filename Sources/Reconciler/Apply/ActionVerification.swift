import BunqAPI
import Foundation
import PolicyModel

/// Does bunq now hold what an action's request asked for? Used after the writes (a mismatch
/// names the field) and to settle an attempt whose answer never arrived.
public enum ActionVerification {
    /// The fields that differ from what the action's request sets; empty when it took effect.
    public static func mismatches(_ action: PlanAction, in live: LiveState) -> [String] {
        func body<Body: Decodable>(_ type: Body.Type) -> Body? {
            action.request.body.flatMap { RequestBodyText.decode(type, from: $0) }
        }
        switch action.kind {
        case .updateCard:
            guard case .card(let id) = action.target, let card = live.cards.first(where: { $0.id == id }) else { return ["card"] }
            guard let update = body(CardUpdate.self) else { return ["request body"] }
            return cardMismatches(update, card)
        case .createGeneratedCvc2, .updateGeneratedCvc2:
            guard case .generatedCvc2(let id, _) = action.target, let card = live.cards.first(where: { $0.id == id }) else { return ["card"] }
            return card.cvc2Type == body(GeneratedCvc2Update.self)?.type ? [] : ["cvc2"]
        case .pinCertificateChain:
            let pems = body(CertificatePinnedCreate.self)?.certificateChain.map(\.certificate) ?? []
            let wanted = pems.compactMap { PinnedCertificate.chain(fromPEM: $0)?.first?.fingerprint }
            return (live.pinnedChains ?? []).contains { $0.fingerprints == wanted } ? [] : ["certificate_chain"]
        case .unpinCertificateChain:
            guard case .pinnedChain(let id) = action.target else { return ["certificate-pinned"] }
            return (live.pinnedChains ?? []).contains { $0.id == id } ? ["certificate-pinned \(id) still pinned"] : []
        case .replaceNotificationFilters:
            guard case .notifications(let scope) = action.target else { return ["notification_filters"] }
            let sent = body(NotificationFiltersBody<NotificationFilterEntry>.self)?.notificationFilters ?? []
            let wanted = sent.map { LiveNotificationFilter(category: $0.category, target: $0.notificationTarget) }
            let current = live.filters(for: scope) ?? []
            return wanted.sorted(by: order) == current.sorted(by: order) ? [] : ["notification_filters"]
        }
    }

    private static func order(_ a: LiveNotificationFilter, _ b: LiveNotificationFilter) -> Bool {
        (a.category, a.target ?? "") < (b.category, b.target ?? "")
    }

    /// The card fields whose value in bunq is not what the PUT sent.
    private static func cardMismatches(_ update: CardUpdate, _ card: LiveCard) -> [String] {
        CardField.all.filter { !$0.holds(update, card) }.map(\.key)
    }
}
