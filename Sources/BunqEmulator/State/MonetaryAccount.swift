/// A monetary account of the user (the state file's `monetary_accounts[]`).
public struct MonetaryAccount: Codable, Equatable, Sendable {
    /// Which bunq object type the account is listed as.
    public enum Kind: String, Codable, Sendable {
        case bank = "MonetaryAccountBank"
        case savings = "MonetaryAccountSavings"
        case card = "MonetaryAccountCard"
    }

    public var id: Int
    public var kind: Kind
    public var created: String
    public var updated: String
    public var publicUuid: String
    public var description: String
    public var currency: String
    public var balance: StoredAmount
    public var dailyLimit: StoredAmount
    public var iban: String
    /// ACTIVE, BLOCKED, CANCELLED or PENDING_REOPEN.
    public var status: String
    public var subStatus: String

    public init(
        id: Int, kind: Kind, created: String, publicUuid: String, description: String,
        currency: String = "EUR", balance: StoredAmount, dailyLimit: StoredAmount, iban: String,
        status: String = "ACTIVE", subStatus: String = "NONE"
    ) {
        self.id = id
        self.kind = kind
        self.created = created
        self.updated = created
        self.publicUuid = publicUuid
        self.description = description
        self.currency = currency
        self.balance = balance
        self.dailyLimit = dailyLimit
        self.iban = iban
        self.status = status
        self.subStatus = subStatus
    }
}
