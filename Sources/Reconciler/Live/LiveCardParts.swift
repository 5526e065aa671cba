/// One entry of a card's `pin_code_assignment` as bunq holds it: which account a PIN type
/// routes to. Its read-only `status` is not kept: a PUT may not send it back.
public struct LivePinAssignment: Hashable, Sendable, Codable {
    /// `PRIMARY`, `SECONDARY` or `TERTIARY`.
    public var type: String
    public var routingType: String?
    public var accountId: Int?

    public init(type: String, routingType: String? = nil, accountId: Int?) {
        self.type = type
        self.routingType = routingType
        self.accountId = accountId
    }
}

/// One of a card's numbers (`primary_account_numbers[]`), known to plans by its last four
/// digits only.
public struct LiveCardNumber: Hashable, Sendable, Codable {
    public var id: Int
    public var last4: String
    public var description: String?
    /// `ACTIVE`, `DEACTIVATED` or `CANCELLED`; nil when bunq sent none.
    public var status: String?
    public var accountId: Int?
    /// `PHYSICAL` or `VIRTUAL`.
    public var type: String?

    public init(id: Int, last4: String, description: String? = nil, status: String? = nil, accountId: Int? = nil, type: String? = nil) {
        self.id = id
        self.last4 = last4
        self.description = description
        self.status = status
        self.accountId = accountId
        self.type = type
    }
}
