/// One bunq card as the emulator stores it (the state file's `cards[]`).
///
/// Field names follow bunq's `CardRead`. `country_permission[].expiry_time` is kept here
/// although bunq never returns it, so tests can check what a client sent.
public struct Card: Codable, Equatable, Sendable {
    public var id: Int
    public var created: String
    public var updated: String
    public var publicUuid: String
    /// MAESTRO or MASTERCARD.
    public var type: String
    public var subType: String
    public var productType: String
    public var productSubType: String
    public var firstLine: String
    public var secondLine: String
    public var nameOnCard: String
    public var preferredNameOnCard: String?
    /// ACTIVE, DEACTIVATED, LOST, STOLEN, CANCELLED, EXPIRED or PIN_TRIES_EXCEEDED.
    public var status: String
    /// NONE or REPLACED.
    public var subStatus: String
    public var orderStatus: String
    /// `YYYY-MM-DD`.
    public var expiryDate: String
    public var primaryAccountNumbers: [PrimaryAccountNumber]
    public var paymentAccountReference: String?
    /// nil: bunq shows `null` (a card whose limit it reports no value for); a PUT sets it.
    public var cardLimit: StoredAmount?
    public var cardLimitAtm: StoredAmount?
    public var countryPermission: [CountryPermission]
    public var pinCodeAssignment: [PinCodeAssignment]
    public var monetaryAccountIdFallback: Int?
    /// The account the card was ordered on (`label_monetary_account_ordered`).
    public var monetaryAccountIdOrdered: Int?
    /// Domestic country of the card.
    public var country: String
    /// The holder when it is not the user (company employee cards); nil means the user.
    public var userHolderId: Int?
    /// For a replaced card: the card that replaced it.
    public var replacedByCardId: Int?
    /// Write-only `cancellation_reason` of the last PUT that set one.
    public var cancellationReason: String?

    public init(
        id: Int, created: String, updated: String? = nil, publicUuid: String, type: String,
        subType: String = "NONE", productType: String, productSubType: String = "NONE",
        firstLine: String = "", secondLine: String, nameOnCard: String, preferredNameOnCard: String? = nil,
        status: String, subStatus: String = "NONE", orderStatus: String, expiryDate: String,
        primaryAccountNumbers: [PrimaryAccountNumber], paymentAccountReference: String? = nil,
        cardLimit: StoredAmount?, cardLimitAtm: StoredAmount?, countryPermission: [CountryPermission] = [],
        pinCodeAssignment: [PinCodeAssignment] = [], monetaryAccountIdFallback: Int? = nil,
        monetaryAccountIdOrdered: Int? = nil, country: String = "NL", userHolderId: Int? = nil,
        replacedByCardId: Int? = nil, cancellationReason: String? = nil
    ) {
        self.id = id
        self.created = created
        self.updated = updated ?? created
        self.publicUuid = publicUuid
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
        self.paymentAccountReference = paymentAccountReference
        self.cardLimit = cardLimit
        self.cardLimitAtm = cardLimitAtm
        self.countryPermission = countryPermission
        self.pinCodeAssignment = pinCodeAssignment
        self.monetaryAccountIdFallback = monetaryAccountIdFallback
        self.monetaryAccountIdOrdered = monetaryAccountIdOrdered
        self.country = country
        self.userHolderId = userHolderId
        self.replacedByCardId = replacedByCardId
        self.cancellationReason = cancellationReason
    }

    /// The last four digits of the first PAN, as a person reads them off the card.
    public var last4: String? { primaryAccountNumbers.first?.fourDigit }

    /// The PRIMARY PIN assignment's account: where bunq routes the card's payments.
    public var primaryAccountId: Int? {
        pinCodeAssignment.first(where: { $0.type == "PRIMARY" })?.monetaryAccountId
    }

    /// A plastic card, which a new name has to be printed on; a virtual one has nothing to print.
    public var isPhysical: Bool {
        !(subType == "VIRTUAL" || productType.contains("VIRTUAL") || orderStatus == "VIRTUAL_DELIVERY")
    }
}

/// `CardPrimaryAccountNumber`: one PAN of a card.
public struct PrimaryAccountNumber: Codable, Equatable, Sendable {
    public var id: Int
    public var uuid: String
    public var fourDigit: String
    public var description: String
    public var status: String
    public var monetaryAccountId: Int?
    /// PHYSICAL or VIRTUAL.
    public var type: String

    public init(
        id: Int, uuid: String, fourDigit: String, description: String, status: String = "ACTIVE",
        monetaryAccountId: Int? = nil, type: String = "PHYSICAL"
    ) {
        self.id = id
        self.uuid = uuid
        self.fourDigit = fourDigit
        self.description = description
        self.status = status
        self.monetaryAccountId = monetaryAccountId
        self.type = type
    }
}

/// `CardCountryPermission`; `expiryTime` is write-only on the wire.
public struct CountryPermission: Codable, Equatable, Sendable {
    public var id: Int
    public var country: String
    /// bunq timestamp as the client sent it; never returned by the API.
    public var expiryTime: String?

    public init(id: Int, country: String, expiryTime: String? = nil) {
        self.id = id
        self.country = country
        self.expiryTime = expiryTime
    }
}

/// `CardPinAssignment`: which account a PIN type routes to.
public struct PinCodeAssignment: Codable, Equatable, Sendable {
    /// PRIMARY, SECONDARY or TERTIARY.
    public var type: String
    public var routingType: String
    public var monetaryAccountId: Int
    public var status: String

    public init(type: String = "PRIMARY", routingType: String = "MANUAL", monetaryAccountId: Int, status: String = "ACTIVE") {
        self.type = type
        self.routingType = routingType
        self.monetaryAccountId = monetaryAccountId
        self.status = status
    }
}
