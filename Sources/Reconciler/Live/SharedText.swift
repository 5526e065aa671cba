/// bunq's words for a card's kind and order state, each held once. Every card of an estate
/// repeats a handful of them, and Swift stores a string longer than 15 bytes on the heap:
/// kept per card, `DELIVERED_TO_CUSTOMER` and `MASTERCARD_DEBIT` alone cost a 10,000-card
/// plan about a megabyte. A word not listed is kept as bunq sent it.
enum SharedText {
    private static let words: [String: String] = {
        let known = [
            // order_status
            "NEW_CARD_REQUEST_RECEIVED", "CARD_REQUEST_PENDING", "SENT_FOR_PRODUCTION", "ACCEPTED_FOR_PRODUCTION",
            "DELIVERED_TO_CUSTOMER", "CARD_UPDATE_REQUESTED", "CARD_UPDATE_PENDING", "CARD_UPDATE_SENT", "CARD_UPDATE_ACCEPTED",
            "VIRTUAL_DELIVERY", "NEW_CARD_REQUEST_PENDING_USER_APPROVAL", "SENT_FOR_DELIVERY", "NEW_CARD_REQUEST_CANCELLED",
            // product_type: bunq lists no values; these are the ones its SDK tests and this emulator use
            "MASTERCARD_DEBIT", "MASTERCARD_VIRTUAL", "MAESTRO_DEBIT"
        ]
        return Dictionary(uniqueKeysWithValues: known.map { ($0, $0) })
    }()

    /// The one shared copy of `text` when it is one of bunq's words, else `text` itself.
    static func shared(_ text: String?) -> String? {
        guard let text else { return nil }
        return words[text] ?? text
    }
}
