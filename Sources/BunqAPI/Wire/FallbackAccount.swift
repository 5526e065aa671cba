/// What a card PUT does to the card's fallback account (`monetary_account_id_fallback`).
///
/// bunq removes the fallback account from a card whenever a PUT leaves the field out, so a
/// `CardUpdate` cannot be made without saying which one is meant: keep or set an account
/// (its id is sent), or `.none` to clear it (the field is left out: bunq's schema types it
/// as an integer, and never takes `null`).
public enum FallbackAccount: Hashable, Sendable {
    case account(Int)
    case none

    /// The fallback a card has now, to send back unchanged.
    public init(current card: Card) {
        self.init(accountId: card.fallbackAccountId)
    }

    /// An account's id, or `.none` for nil.
    public init(accountId: Int?) {
        self = accountId.map(FallbackAccount.account) ?? .none
    }
}
