import BunqAPI
import PolicyModel

/// bunq's rules for status changes (see docs/bunq-traps.md), checked at plan time so apply
/// never stops halfway on a change bunq would refuse.
enum CardStatusRules {
    static let orderStatusesAllowingFinal: Set<String> = [
        "ACCEPTED_FOR_PRODUCTION", "DELIVERED_TO_CUSTOMER", "CARD_UPDATE_REQUESTED", "CARD_UPDATE_SENT",
        "CARD_UPDATE_ACCEPTED", "VIRTUAL_DELIVERY"
    ]
    static let orderStatusesAllowingDeactivation: Set<String> = [
        "DELIVERED_TO_CUSTOMER", "CARD_UPDATE_REQUESTED", "CARD_UPDATE_SENT", "CARD_UPDATE_ACCEPTED", "VIRTUAL_DELIVERY"
    ]
    static let orderStatusesBeforeProduction: Set<String> = [
        "NEW_CARD_REQUEST_RECEIVED", "CARD_REQUEST_PENDING", "NEW_CARD_REQUEST_PENDING_USER_APPROVAL",
        "NEW_CARD_REQUEST_CANCELLED", "SENT_FOR_PRODUCTION"
    ]

    /// Why bunq would refuse `card` going to `status`, or nil when it accepts.
    static func refusal(_ card: LiveCard, to status: SettableCardStatus) -> String? {
        if card.status.isFinal {
            return "the card is \(card.status), which is permanent; it cannot become \(status.rawValue)"
        }
        let order = card.orderStatus ?? "unknown"
        switch status {
        case .lost, .stolen, .cancelled:
            if let orderStatus = card.orderStatus, !orderStatusesAllowingFinal.contains(orderStatus) {
                return "bunq sets \(status.rawValue) only once a card is in production (order status \(order))"
            }
        case .deactivated:
            if let orderStatus = card.orderStatus, !orderStatusesAllowingDeactivation.contains(orderStatus) {
                return "bunq deactivates a card only after its first activation (order status \(order))"
            }
        case .active:
            if card.subStatus == "REPLACED" { return "the card was replaced and cannot be activated again" }
            if let orderStatus = card.orderStatus, orderStatusesBeforeProduction.contains(orderStatus) {
                return "the card cannot be activated before it is produced (order status \(order))"
            }
        }
        return nil
    }
}
