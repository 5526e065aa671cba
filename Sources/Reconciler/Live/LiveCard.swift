import BunqAPI
import PolicyModel

/// A live card with the fields cardpolicy reads or writes.
public struct LiveCard: Hashable, Sendable, Codable {
    public var id: Int
    public var type: String
    public var productType: String?
    public var secondLine: String
    public var nameOnCard: String
    /// From `primary_account_numbers[].four_digit`; a card may carry several numbers.
    public var lastFourDigits: [String]
    public var status: CardStatus
    public var subStatus: String?
    public var orderStatus: String?
    public var cardLimit: PolicyAmount?
    public var atmLimit: PolicyAmount?
    /// `country_permission[].country`, in bunq's order (expiry is write-only, never here).
    public var countries: [String]
    public var fallbackAccountId: Int?
    /// The PRIMARY `pin_code_assignment` account: how a card is linked to an account.
    public var primaryAccountId: Int?
    /// `card_generated_cvc2.type`.
    public var cvc2Type: String?
    public var userOwnerId: Int?
    public var userHolderId: Int?
    /// `card_replacement.card_new_id`: the card bunq issued in this one's place.
    public var replacedById: Int?
    /// `sub_type`: `VIRTUAL` for an online-only card.
    public var subType: String?
    public var preferredNameOnCard: String?
    /// The whole `pin_code_assignment` list: a PUT that changes one entry sends them all.
    public var pinAssignments: [LivePinAssignment] {
        get {
            if let otherPinAssignments { return otherPinAssignments }
            return [LivePinAssignment(type: "PRIMARY", routingType: primaryRouting, accountId: primaryAccountId)]
        }
        set {
            // Most cards have one PRIMARY entry, for the account `primaryAccountId` already
            // holds: kept without an array of its own, which a 10,000-card plan notices.
            if newValue.count == 1, newValue[0].type == "PRIMARY", newValue[0].accountId == primaryAccountId, primaryAccountId != nil {
                primaryRouting = newValue[0].routingType
                otherPinAssignments = nil
            } else {
                primaryRouting = nil
                otherPinAssignments = newValue
            }
        }
    }
    /// The list when it is not the one PRIMARY entry for `primaryAccountId` (an empty list costs nothing).
    private var otherPinAssignments: [LivePinAssignment]? = []
    private var primaryRouting: String?
    /// The whole `primary_account_numbers` list, with the ids a PUT names them by.
    public var numbers: [LiveCardNumber]

    public init(
        id: Int, type: String, productType: String? = nil, secondLine: String, nameOnCard: String,
        lastFourDigits: [String], status: CardStatus, subStatus: String? = nil, orderStatus: String? = nil,
        cardLimit: PolicyAmount? = nil, atmLimit: PolicyAmount? = nil, countries: [String] = [], fallbackAccountId: Int? = nil,
        primaryAccountId: Int? = nil, cvc2Type: String? = nil, userOwnerId: Int? = nil, userHolderId: Int? = nil,
        replacedById: Int? = nil, subType: String? = nil, preferredNameOnCard: String? = nil,
        pinAssignments: [LivePinAssignment] = [], numbers: [LiveCardNumber] = []
    ) {
        self.id = id
        self.type = type
        self.productType = productType
        self.secondLine = secondLine
        self.nameOnCard = nameOnCard
        self.lastFourDigits = lastFourDigits
        self.status = status
        self.subStatus = subStatus
        self.orderStatus = orderStatus
        self.cardLimit = cardLimit
        self.atmLimit = atmLimit
        self.countries = countries
        self.fallbackAccountId = fallbackAccountId
        self.primaryAccountId = primaryAccountId
        self.cvc2Type = cvc2Type
        self.userOwnerId = userOwnerId
        self.userHolderId = userHolderId
        self.replacedById = replacedById
        self.subType = subType
        self.preferredNameOnCard = preferredNameOnCard
        self.numbers = numbers
        self.pinAssignments = pinAssignments
    }

    /// Whether the card is plastic, which a name change may make bunq print again. bunq
    /// lists no values for its type fields, so a card counts as virtual only when one of
    /// them says so, and as physical otherwise: a wrong guess then asks for
    /// `--allow-reprint` once too often rather than reprinting unasked.
    public var isPhysical: Bool {
        !(subType == "VIRTUAL" || productType?.contains("VIRTUAL") == true || orderStatus == "VIRTUAL_DELIVERY")
    }

    /// Why bunq takes no change to the card any more, or nil when it does. bunq keeps cards
    /// in a final status and replaced cards in its list: history, not cards to manage.
    public var unchangeableReason: String? {
        if status.isFinal { return "it is \(status)" }
        if isReplaced { return "it was replaced by a new card" }
        return nil
    }

    public var isReplaced: Bool { subStatus == "REPLACED" || replacedById != nil }

    /// The company employee who holds the card, when it is not the user cardpolicy acts as.
    public var employeeHolderId: Int? {
        guard let owner = userOwnerId, let holder = userHolderId, owner != holder else { return nil }
        return holder
    }

    /// Why the card cannot be matched by last4, second line or name, or nil when it can: a
    /// card bunq takes no change to, or another company user's card, which only an entry
    /// naming it by id or holder (or a group naming the holder) manages.
    public var unmatchableReason: String? {
        if let reason = unchangeableReason { return reason }
        if let holder = employeeHolderId { return "it is held by another user of the company (user \(holder))" }
        return nil
    }

    /// `…8069 "Alice Travel"`: how plans name a card without printing its number.
    public var label: String { "\(shortLabel) \"\(secondLine)\"" }

    /// `…8069`, or `#2079040` for a card bunq lists without a number.
    public var shortLabel: String { lastFourDigits.first.map { "…\($0)" } ?? "#\(id)" }
}
