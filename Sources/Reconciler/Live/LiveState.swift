import BunqAPI
import PolicyModel

/// What bunq holds now, as the diff needs it: read once per run with the fewest calls,
/// normalised away from the wire format so the diff stays a pure function.
public struct LiveState: Hashable, Sendable {
    public var userId: Int
    public var cards: [LiveCard]
    public var accounts: [LiveAccount]
    /// nil when not read (the policy has no `certificates`).
    public var pinnedChains: [LivePinnedChain]?
    /// Only the scopes the policy declares are read.
    public var notificationScopes: [LiveNotificationScope]
    /// Generated-CVC2 entries per card id, read only for cards whose CVC2 type must change.
    public var generatedCvc2: [Int: [LiveGeneratedCvc2]]

    public init(
        userId: Int, cards: [LiveCard] = [], accounts: [LiveAccount] = [], pinnedChains: [LivePinnedChain]? = nil,
        notificationScopes: [LiveNotificationScope] = [], generatedCvc2: [Int: [LiveGeneratedCvc2]] = [:]
    ) {
        self.userId = userId
        self.cards = cards
        self.accounts = accounts
        self.pinnedChains = pinnedChains
        self.notificationScopes = notificationScopes
        self.generatedCvc2 = generatedCvc2
    }

    public func filters(for scope: NotificationScope) -> [LiveNotificationFilter]? {
        notificationScopes.first { $0.scope == scope }?.filters
    }
}

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
    public var pinAssignments: [LivePinAssignment]
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
        self.pinAssignments = pinAssignments
        self.numbers = numbers
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

/// A pinned chain as bunq holds it, identified by the DER fingerprints of its certificates.
public struct LivePinnedChain: Hashable, Sendable, Codable {
    public var id: Int
    /// SHA-256 of each certificate's DER, in chain order; empty when the chain does not parse.
    public var fingerprints: [String]
    public var subjects: [String]
    /// The chain as bunq returns it: PEM blocks joined by newlines (for export).
    public var pem: String

    public init(id: Int, fingerprints: [String], subjects: [String], pem: String) {
        self.id = id
        self.fingerprints = fingerprints
        self.subjects = subjects
        self.pem = pem
    }
}

/// A notification filter as bunq returns it.
public struct LiveNotificationFilter: Hashable, Sendable, Codable {
    public var category: String
    public var target: String?

    public init(category: String, target: String? = nil) {
        self.category = category
        self.target = target
    }
}

/// One scope's live filters.
public struct LiveNotificationScope: Hashable, Sendable {
    public var scope: NotificationScope
    public var filters: [LiveNotificationFilter]

    public init(scope: NotificationScope, filters: [LiveNotificationFilter]) {
        self.scope = scope
        self.filters = filters
    }
}

/// A generated-CVC2 entry without its code: the code is a live secret and is never kept.
public struct LiveGeneratedCvc2: Hashable, Sendable, Codable {
    public var id: Int
    public var type: String
    public var status: String?

    public init(id: Int, type: String, status: String? = nil) {
        self.id = id
        self.type = type
        self.status = status
    }
}
