/// A bunq card as read from `GET /user/{userID}/card[/{cardID}]`.
///
/// Only `id` is required: every other field is optional so a card missing one (or an
/// older card shape) still decodes, and unknown fields are ignored.
public struct Card: Codable, Hashable, Sendable, Identifiable {
    public var id: Int
    public var created: BunqTimestamp?
    public var updated: BunqTimestamp?
    public var publicUUID: String?
    /// `MAESTRO` or `MASTERCARD`.
    public var type: String?
    public var subType: String?
    public var productType: String?
    public var productSubType: String?
    public var firstLine: String?
    public var secondLine: String?
    public var nameOnCard: String?
    public var preferredNameOnCard: String?
    public var status: CardStatus?
    /// `NONE` or `REPLACED`.
    public var subStatus: String?
    public var orderStatus: CardOrderStatus?
    public var expiryDate: String?
    public var primaryAccountNumbers: [CardPrimaryAccountNumber]?
    /// The spending limit (`card_limit`).
    public var cardLimit: Amount?
    /// The ATM limit (`card_limit_atm`).
    public var cardLimitATM: Amount?
    public var countryPermissions: [CardCountryPermission]?
    public var pinCodeAssignments: [CardPinAssignment]?
    /// `monetary_account_id_fallback`: the account used when the linked one cannot pay.
    public var fallbackAccountId: Int?
    public var labelMonetaryAccountOrdered: LabelMonetaryAccount?
    public var labelMonetaryAccountCurrent: LabelMonetaryAccount?
    public var cardGeneratedCvc2: CardCvc2Setting?
    /// Deprecated by bunq (2024-11) in favour of `userOwnerId` / `userHolderId`.
    public var userId: Int?
    public var userOwnerId: Int?
    public var userHolderId: Int?
    /// The card's domestic country.
    public var country: String?
    /// Set when bunq replaced the card; `cardNewId` is its successor.
    public var cardReplacement: CardReplacement?

    public init(
        id: Int, created: BunqTimestamp? = nil, updated: BunqTimestamp? = nil, publicUUID: String? = nil,
        type: String? = nil, subType: String? = nil, productType: String? = nil, productSubType: String? = nil,
        firstLine: String? = nil, secondLine: String? = nil, nameOnCard: String? = nil,
        preferredNameOnCard: String? = nil, status: CardStatus? = nil, subStatus: String? = nil,
        orderStatus: CardOrderStatus? = nil, expiryDate: String? = nil,
        primaryAccountNumbers: [CardPrimaryAccountNumber]? = nil, cardLimit: Amount? = nil,
        cardLimitATM: Amount? = nil, countryPermissions: [CardCountryPermission]? = nil,
        pinCodeAssignments: [CardPinAssignment]? = nil, fallbackAccountId: Int? = nil,
        labelMonetaryAccountOrdered: LabelMonetaryAccount? = nil,
        labelMonetaryAccountCurrent: LabelMonetaryAccount? = nil, cardGeneratedCvc2: CardCvc2Setting? = nil,
        userId: Int? = nil, userOwnerId: Int? = nil, userHolderId: Int? = nil, country: String? = nil,
        cardReplacement: CardReplacement? = nil
    ) {
        self.id = id
        self.created = created
        self.updated = updated
        self.publicUUID = publicUUID
        self.type = type
        self.subType = subType
        self.productType = productType
        self.productSubType = productSubType
        self.firstLine = firstLine
        self.secondLine = secondLine
        self.nameOnCard = nameOnCard
        self.preferredNameOnCard = preferredNameOnCard
        self.status = status
        self.subStatus = subStatus
        self.orderStatus = orderStatus
        self.expiryDate = expiryDate
        self.primaryAccountNumbers = primaryAccountNumbers
        self.cardLimit = cardLimit
        self.cardLimitATM = cardLimitATM
        self.countryPermissions = countryPermissions
        self.pinCodeAssignments = pinCodeAssignments
        self.fallbackAccountId = fallbackAccountId
        self.labelMonetaryAccountOrdered = labelMonetaryAccountOrdered
        self.labelMonetaryAccountCurrent = labelMonetaryAccountCurrent
        self.cardGeneratedCvc2 = cardGeneratedCvc2
        self.userId = userId
        self.userOwnerId = userOwnerId
        self.userHolderId = userHolderId
        self.country = country
        self.cardReplacement = cardReplacement
    }

    /// The last four digits of the card's primary account numbers, as bunq lists them.
    public var lastFourDigits: [String] {
        (primaryAccountNumbers ?? []).compactMap(\.fourDigit)
    }

    /// The account the card is linked to: the PRIMARY pin-code assignment: the account label bunq shows carries no account id.
    public var primaryAccountId: Int? {
        pinCodeAssignments?.first(where: { $0.type == "PRIMARY" })?.monetaryAccountId
    }

    enum CodingKeys: String, CodingKey {
        case id, created, updated, type, status, country
        case publicUUID = "public_uuid"
        case subType = "sub_type"
        case productType = "product_type"
        case productSubType = "product_sub_type"
        case firstLine = "first_line"
        case secondLine = "second_line"
        case nameOnCard = "name_on_card"
        case preferredNameOnCard = "preferred_name_on_card"
        case subStatus = "sub_status"
        case orderStatus = "order_status"
        case expiryDate = "expiry_date"
        case primaryAccountNumbers = "primary_account_numbers"
        case cardLimit = "card_limit"
        case cardLimitATM = "card_limit_atm"
        case countryPermissions = "country_permission"
        case pinCodeAssignments = "pin_code_assignment"
        case fallbackAccountId = "monetary_account_id_fallback"
        case labelMonetaryAccountOrdered = "label_monetary_account_ordered"
        case labelMonetaryAccountCurrent = "label_monetary_account_current"
        case cardGeneratedCvc2 = "card_generated_cvc2"
        case userId = "user_id"
        case userOwnerId = "user_owner_id"
        case userHolderId = "user_holder_id"
        case cardReplacement = "card_replacement"
    }
}
