/// One entry of a card's `country_permission`: a country where the card works.
///
/// `expiry_time` is write-only since 2022-11: bunq never sends it back, so
/// on a read it is nearly always nil.
public struct CardCountryPermission: Codable, Hashable, Sendable {
    public var id: Int?
    /// ISO 3166-1 alpha-2, e.g. `NL`.
    public var country: String
    public var expiryTime: BunqTimestamp?

    public init(country: String, expiryTime: BunqTimestamp? = nil, id: Int? = nil) {
        self.id = id
        self.country = country
        self.expiryTime = expiryTime
    }

    enum CodingKeys: String, CodingKey {
        case id, country
        case expiryTime = "expiry_time"
    }
}

/// One entry of `pin_code_assignment`: which account a PIN type routes to. The PRIMARY
/// entry is how a card is linked to its account; the label bunq shows has no account id.
public struct CardPinAssignment: Codable, Hashable, Sendable {
    /// `PRIMARY`, `SECONDARY` or `TERTIARY`.
    public var type: String
    public var routingType: String?
    public var monetaryAccountId: Int?
    /// Read-only, set by bunq.
    public var status: String?

    public init(type: String, monetaryAccountId: Int?, routingType: String? = nil, status: String? = nil) {
        self.type = type
        self.routingType = routingType
        self.monetaryAccountId = monetaryAccountId
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case type, status
        case routingType = "routing_type"
        case monetaryAccountId = "monetary_account_id"
    }
}

/// One entry of `primary_account_numbers`: a PAN of the card, known by its last four digits.
public struct CardPrimaryAccountNumber: Codable, Hashable, Sendable {
    public var id: Int?
    public var uuid: String?
    public var description: String?
    public var status: String?
    public var monetaryAccountId: Int?
    public var fourDigit: String?
    public var type: String?

    public init(
        id: Int? = nil, uuid: String? = nil, description: String? = nil, status: String? = nil,
        monetaryAccountId: Int? = nil, fourDigit: String? = nil, type: String? = nil
    ) {
        self.id = id
        self.uuid = uuid
        self.description = description
        self.status = status
        self.monetaryAccountId = monetaryAccountId
        self.fourDigit = fourDigit
        self.type = type
    }

    enum CodingKeys: String, CodingKey {
        case id, uuid, description, status, type
        case monetaryAccountId = "monetary_account_id"
        case fourDigit = "four_digit"
    }
}

/// `label_monetary_account_*`: how bunq names an account on a card. It has no account
/// id, only the IBAN and display labels: map it through the monetary-account list.
public struct LabelMonetaryAccount: Codable, Hashable, Sendable {
    public var iban: String?
    public var displayName: String?
    public var country: String?

    public init(iban: String? = nil, displayName: String? = nil, country: String? = nil) {
        self.iban = iban
        self.displayName = displayName
        self.country = country
    }

    enum CodingKeys: String, CodingKey {
        case iban, country
        case displayName = "display_name"
    }
}

/// `card_generated_cvc2` on a card: whether online payments use a static or generated CVC2.
public struct CardCvc2Setting: Codable, Hashable, Sendable {
    /// `STATIC` or `GENERATED`.
    public var type: String?

    public init(type: String?) { self.type = type }
}

/// `card_replacement` on a card: set once bunq replaced it (expiry, loss), naming the new card.
public struct CardReplacement: Codable, Hashable, Sendable {
    public var status: String?
    public var cardId: Int?
    /// The card that took this one's place.
    public var cardNewId: Int?

    public init(status: String? = nil, cardId: Int? = nil, cardNewId: Int? = nil) {
        self.status = status
        self.cardId = cardId
        self.cardNewId = cardNewId
    }

    enum CodingKeys: String, CodingKey {
        case status
        case cardId = "card_id"
        case cardNewId = "card_new_id"
    }
}
