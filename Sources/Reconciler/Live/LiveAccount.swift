/// A monetary account, for resolving `fallback_account` and `account` by IBAN or description.
public struct LiveAccount: Hashable, Sendable, Codable {
    public var id: Int
    public var description: String
    public var iban: String?
    public var status: String?
    /// `MonetaryAccountBank`, `MonetaryAccountSavings`, `MonetaryAccountCard`, …
    public var kind: String?

    public init(id: Int, description: String, iban: String? = nil, status: String? = nil, kind: String? = nil) {
        self.id = id
        self.description = description
        self.iban = iban
        self.status = status
        self.kind = kind
    }
}
