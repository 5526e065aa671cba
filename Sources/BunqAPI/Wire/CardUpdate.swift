/// The body of `PUT /user/{userID}/card/{cardID}`: only the fields that change, plus the
/// fallback account, which every PUT decides.
///
/// Fields left nil are not sent. Lists (`countryPermissions`, `pinCodeAssignments`,
/// `primaryAccountNumbers`) are sent whole: bunq treats them as the complete new list, or
/// does not say, and a complete list is right either way.
public struct CardUpdate: Codable, Hashable, Sendable {
    public var fallbackAccount: FallbackAccount
    public var status: CardStatus?
    /// Side effects: `CARD_REQUEST_PENDING` orders a virtual card.
    public var orderStatus: CardOrderStatus?
    public var cardLimit: Amount?
    public var cardLimitATM: Amount?
    /// The complete list of allowed countries; `expiryTime` is sent, `id` is not.
    public var countryPermissions: [CardCountryPermission]?
    /// Sent only when the routing changes: it may trigger a reprint of the card.
    public var pinCodeAssignments: [CardPinAssignment]?
    public var preferredNameOnCard: String?
    public var secondLine: String?
    public var cancellationReason: String?
    /// Every number of the card, each by its `id` with its writable state (description,
    /// status, account); the read-only `uuid`, `four_digit` and `type` are not sent.
    public var primaryAccountNumbers: [CardPrimaryAccountNumber]?

    public init(
        fallbackAccount: FallbackAccount, status: CardStatus? = nil, orderStatus: CardOrderStatus? = nil,
        cardLimit: Amount? = nil, cardLimitATM: Amount? = nil, countryPermissions: [CardCountryPermission]? = nil,
        pinCodeAssignments: [CardPinAssignment]? = nil, preferredNameOnCard: String? = nil,
        secondLine: String? = nil, cancellationReason: String? = nil,
        primaryAccountNumbers: [CardPrimaryAccountNumber]? = nil
    ) {
        self.fallbackAccount = fallbackAccount
        self.status = status
        self.orderStatus = orderStatus
        self.cardLimit = cardLimit
        self.cardLimitATM = cardLimitATM
        self.countryPermissions = countryPermissions
        self.pinCodeAssignments = pinCodeAssignments
        self.preferredNameOnCard = preferredNameOnCard
        self.secondLine = secondLine
        self.cancellationReason = cancellationReason
        self.primaryAccountNumbers = primaryAccountNumbers
    }

    enum CodingKeys: String, CodingKey {
        /// A card-batch entry's card; never part of a PUT body.
        case cardId = "id"
        case status
        case fallbackAccount = "monetary_account_id_fallback"
        case orderStatus = "order_status"
        case cardLimit = "card_limit"
        case cardLimitATM = "card_limit_atm"
        case countryPermissions = "country_permission"
        case pinCodeAssignments = "pin_code_assignment"
        case preferredNameOnCard = "preferred_name_on_card"
        case secondLine = "second_line"
        case cancellationReason = "cancellation_reason"
        case primaryAccountNumbers = "primary_account_numbers"
    }

    /// What a country entry looks like in a PUT: bunq's ids are read-only.
    private struct CountryEntry: Encodable {
        let country: String
        let expiryTime: BunqTimestamp?

        enum CodingKeys: String, CodingKey {
            case country
            case expiryTime = "expiry_time"
        }
    }

    /// What a pin assignment looks like in a PUT: its `status` is read-only.
    private struct PinAssignmentEntry: Encodable {
        let type: String
        let routingType: String?
        let monetaryAccountId: Int?

        enum CodingKeys: String, CodingKey {
            case type
            case routingType = "routing_type"
            case monetaryAccountId = "monetary_account_id"
        }
    }

    /// What a number looks like in a PUT: its id and writable fields only.
    private struct NumberEntry: Encodable {
        let id: Int?
        let description: String?
        let status: String?
        let monetaryAccountId: Int?

        enum CodingKeys: String, CodingKey {
            case id, description, status
            case monetaryAccountId = "monetary_account_id"
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try encodeFields(into: &container)
    }

    /// The fields, into a container a card-batch entry shares: the entry is the same body
    /// with the card's `id` beside it.
    func encodeFields(into container: inout KeyedEncodingContainer<CodingKeys>) throws {
        if case .account(let id) = fallbackAccount { try container.encode(id, forKey: .fallbackAccount) }
        try container.encodeIfPresent(status, forKey: .status)
        try container.encodeIfPresent(orderStatus, forKey: .orderStatus)
        try container.encodeIfPresent(cardLimit, forKey: .cardLimit)
        try container.encodeIfPresent(cardLimitATM, forKey: .cardLimitATM)
        try container.encodeIfPresent(
            countryPermissions?.map { CountryEntry(country: $0.country, expiryTime: $0.expiryTime) },
            forKey: .countryPermissions)
        try container.encodeIfPresent(
            pinCodeAssignments?.map {
                PinAssignmentEntry(type: $0.type, routingType: $0.routingType, monetaryAccountId: $0.monetaryAccountId)
            },
            forKey: .pinCodeAssignments)
        try container.encodeIfPresent(preferredNameOnCard, forKey: .preferredNameOnCard)
        try container.encodeIfPresent(secondLine, forKey: .secondLine)
        try container.encodeIfPresent(cancellationReason, forKey: .cancellationReason)
        try container.encodeIfPresent(
            primaryAccountNumbers?.map {
                NumberEntry(id: $0.id, description: $0.description, status: $0.status, monetaryAccountId: $0.monetaryAccountId)
            },
            forKey: .primaryAccountNumbers)
    }

    /// Reads a body back, as verification after apply does: a body without
    /// `monetary_account_id_fallback` is one that leaves the card without a fallback.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fallbackAccount = try container.decodeIfPresent(Int.self, forKey: .fallbackAccount).map(FallbackAccount.account) ?? .none
        status = try container.decodeIfPresent(CardStatus.self, forKey: .status)
        orderStatus = try container.decodeIfPresent(CardOrderStatus.self, forKey: .orderStatus)
        cardLimit = try container.decodeIfPresent(Amount.self, forKey: .cardLimit)
        cardLimitATM = try container.decodeIfPresent(Amount.self, forKey: .cardLimitATM)
        countryPermissions = try container.decodeIfPresent([CardCountryPermission].self, forKey: .countryPermissions)
        pinCodeAssignments = try container.decodeIfPresent([CardPinAssignment].self, forKey: .pinCodeAssignments)
        preferredNameOnCard = try container.decodeIfPresent(String.self, forKey: .preferredNameOnCard)
        secondLine = try container.decodeIfPresent(String.self, forKey: .secondLine)
        cancellationReason = try container.decodeIfPresent(String.self, forKey: .cancellationReason)
        primaryAccountNumbers = try container.decodeIfPresent([CardPrimaryAccountNumber].self, forKey: .primaryAccountNumbers)
    }
}

/// What bunq answers to a card PUT: the spec says `{"Id": ...}`, the SDKs expect a whole
/// card. Both are accepted, since bunq documents only one and its own SDKs read the other.
public enum CardUpdateResponse: Hashable, Sendable {
    case id(Int)
    case card(Card)

    /// The id of the updated card, whichever shape came back.
    public var cardId: Int {
        switch self {
        case .id(let id): return id
        case .card(let card): return card.id
        }
    }
}
