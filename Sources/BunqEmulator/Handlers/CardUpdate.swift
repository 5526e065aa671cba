/// `PUT /user/{id}/card/{id}` with bunq's rules:
/// - the fallback account is REMOVED when `monetary_account_id_fallback` is omitted, as bunq's API documentation states;
/// - `country_permission`, `pin_code_assignment` replace the whole list; `expiry_time` is
///   stored but never returned, since bunq made it write-only;
/// - `primary_account_numbers` entries update the numbers they name by id (bunq does not say
///   whether a partial list replaces or merges; a complete list is the same under both);
///   a CANCELLED number refuses any change;
/// - LOST, STOLEN, CANCELLED are permanent; EXPIRED and PIN_TRIES_EXCEEDED cannot be set;
///   status changes are gated on `order_status`, as in bunq's app;
/// - a new `second_line` or `preferred_name_on_card` on a physical card sets `order_status`
///   to `CARD_UPDATE_REQUESTED` (a reprint), unless switched off: bunq does not document it;
/// - read-only fields are refused as superfluous.
enum CardUpdate {
    static let writableFields: Set<String> = [
        "pin_code", "activation_code", "status", "order_status", "card_limit", "card_limit_atm", "country_permission",
        "pin_code_assignment", "primary_account_numbers", "monetary_account_id_fallback", "preferred_name_on_card",
        "second_line", "cancellation_reason"
    ]
    static let settableStatuses: Set<String> = ["ACTIVE", "DEACTIVATED", "LOST", "STOLEN", "CANCELLED"]
    static let permanentStatuses: Set<String> = ["LOST", "STOLEN", "CANCELLED", "EXPIRED"]
    /// From the spec's text on `status`. VIRTUAL_DELIVERY is added: a virtual card is
    /// delivered the moment it exists, and bunq lets people freeze virtual cards.
    static let orderStatusesAllowingFinal: Set<String> = [
        "ACCEPTED_FOR_PRODUCTION", "DELIVERED_TO_CUSTOMER", "CARD_UPDATE_REQUESTED", "CARD_UPDATE_SENT",
        "CARD_UPDATE_ACCEPTED", "VIRTUAL_DELIVERY"
    ]
    static let orderStatusesAllowingDeactivation: Set<String> = [
        "DELIVERED_TO_CUSTOMER", "CARD_UPDATE_REQUESTED", "CARD_UPDATE_SENT", "CARD_UPDATE_ACCEPTED", "VIRTUAL_DELIVERY"
    ]
    /// Before production a card cannot be switched on: there is nothing to switch on yet.
    static let orderStatusesBeforeProduction: Set<String> = [
        "NEW_CARD_REQUEST_RECEIVED", "CARD_REQUEST_PENDING", "NEW_CARD_REQUEST_PENDING_USER_APPROVAL",
        "NEW_CARD_REQUEST_CANCELLED", "SENT_FOR_PRODUCTION"
    ]

    static func handle(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        let index = try CardHandlers.find(state, request)
        let body = try RequestBody(request.body)
        try body.rejectUnknown(allowed: writableFields)
        let card = try updated(state.cards[index], by: body, state: state, request: request).commit(&state)
        state.cards[index] = card
        if state.options.cardPutResponse == "card" {
            return Reply(body: Envelope.response([CardHandlers.wire(card, CardWireContext(state))]), committed: true)
        }
        return Reply(body: Envelope.id(card.id), committed: true)
    }

    /// A card as a valid change leaves it, before its new country entries get their ids: a
    /// batch is checked whole before any of its cards takes an id or changes.
    struct PendingChange {
        var card: Card
        var countries: [(String, String?)]?

        func commit(_ state: inout EmulatorState) -> Card {
            var card = self.card
            if let countries {
                card.countryPermission = countries.map { CountryPermission(id: state.allocateId(), country: $0.0, expiryTime: $0.1) }
            }
            return card
        }
    }

    /// The card after `body` (a PUT body, or a card-batch entry: the same rules), or bunq's
    /// refusal. Nothing in `state` changes.
    static func updated(_ current: Card, by body: RequestBody, state: EmulatorState, request: HandlerRequest) throws -> PendingChange {
        var card = current

        if let holder = card.userHolderId, holder != state.user.id, state.options.employeeCardChanges == .refuse {
            throw BunqError(403, "This card belongs to another user of the company; only its holder can change it.")
        }
        if permanentStatuses.contains(card.status) {
            throw BunqError.badRequest("This card is \(card.status) and can no longer be changed.")
        }
        if let status = try body.string("status") {
            try checkStatusChange(card, to: status)
            card.status = status
        }
        if let orderStatus = try body.string("order_status") {
            guard orderStatus == "CARD_REQUEST_PENDING" else {
                throw BunqError.badRequest("The order status can only be set to CARD_REQUEST_PENDING.")
            }
            card.orderStatus = orderStatus
        }
        if let limit = try body.amount("card_limit") {
            try checkCurrency(limit, card.cardLimit, field: "card_limit")
            card.cardLimit = limit
        }
        if let limit = try body.amount("card_limit_atm") {
            try checkCurrency(limit, card.cardLimitAtm, field: "card_limit_atm")
            card.cardLimitAtm = limit
        }
        // Ids are handed out only once everything validated: a refused PUT changes nothing.
        let countries = try body.array("country_permission").map(countryPermissions)
        if let items = try body.array("pin_code_assignment") {
            card.pinCodeAssignment = try pinAssignments(items, state: state)
        }
        if let items = try body.array("primary_account_numbers") {
            card.primaryAccountNumbers = try primaryAccountNumbers(items, card: card, state: state)
        }
        // bunq removes the fallback when a PUT omits it.
        if let fallback = try body.int("monetary_account_id_fallback") {
            guard state.monetaryAccounts.contains(where: { $0.id == fallback }) else {
                throw BunqError.badRequest("Monetary account \(fallback) for \"monetary_account_id_fallback\" not found.")
            }
            card.monetaryAccountIdFallback = fallback
        } else {
            card.monetaryAccountIdFallback = nil
        }
        var renamed = false
        if let name = try body.string("preferred_name_on_card") {
            guard name.count <= 40 else { throw BunqError.badRequest("The preferred name on the card can be at most 40 characters.") }
            renamed = renamed || name != (card.preferredNameOnCard ?? "")
            card.preferredNameOnCard = name
        }
        if let line = try body.string("second_line") {
            guard line.count <= 17 else { throw BunqError.badRequest("The second line on the card can contain at most 17 characters.") }
            renamed = renamed || line != card.secondLine
            card.secondLine = line
        }
        if renamed, card.isPhysical, request.nameChangeReprintsOverride ?? state.options.nameChangeReprints {
            card.orderStatus = "CARD_UPDATE_REQUESTED"
        }
        if let pin = try body.string("pin_code") {
            guard pin.utf8.count == 4, pin.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw BunqError.badRequest("The PIN code must be 4 digits.")
            }
        }
        _ = try body.string("activation_code")
        if let reason = try body.string("cancellation_reason") { card.cancellationReason = reason }
        card.updated = request.timestamp
        return PendingChange(card: card, countries: countries)
    }

    static func checkStatusChange(_ card: Card, to status: String) throws {
        guard settableStatuses.contains(status) else {
            throw BunqError.badRequest("The card status can only be set to ACTIVE, DEACTIVATED, LOST, STOLEN or CANCELLED, not \"\(status)\".")
        }
        guard status != card.status else { return }
        switch status {
        case "LOST", "STOLEN", "CANCELLED":
            guard orderStatusesAllowingFinal.contains(card.orderStatus) else {
                throw BunqError.badRequest("The card can only be set to \(status) once it is in production (order status is \(card.orderStatus)).")
            }
        case "DEACTIVATED":
            guard orderStatusesAllowingDeactivation.contains(card.orderStatus) else {
                throw BunqError.badRequest("The card can only be deactivated after its first activation (order status is \(card.orderStatus)).")
            }
        default:
            if card.subStatus == "REPLACED" {
                throw BunqError.badRequest("This card has been replaced and cannot be activated again.")
            }
            guard !orderStatusesBeforeProduction.contains(card.orderStatus) else {
                throw BunqError.badRequest("The card cannot be activated before it is produced (order status is \(card.orderStatus)).")
            }
        }
    }

    /// A limit keeps its currency; one bunq shows as null has none to keep.
    static func checkCurrency(_ amount: StoredAmount, _ current: StoredAmount?, field: String) throws {
        guard let current else { return }
        guard amount.currency == current.currency else {
            throw BunqError.badRequest("The currency of \"\(field)\" must be \(current.currency).")
        }
    }

    static func countryPermissions(_ items: [JSONValue]) throws -> [(String, String?)] {
        var seen = Set<String>()
        var parsed: [(String, String?)] = []
        for item in items {
            let entry = try RequestBody(item)
            try entry.rejectUnknown(allowed: ["country", "expiry_time"])
            let country = try entry.requiredString("country")
            guard CountryCodes.all.contains(country) else {
                throw BunqError.badRequest("\"\(country)\" is not a valid ISO 3166-1 alpha-2 country code.")
            }
            guard seen.insert(country).inserted else {
                throw BunqError.badRequest("Country \(country) appears more than once in \"country_permission\".")
            }
            let expiry = try entry.string("expiry_time")
            if let expiry, BunqTimestamp.date(from: expiry) == nil {
                throw BunqError.badRequest("The expiry time \"\(expiry)\" is not a valid timestamp; use \"YYYY-MM-DD hh:mm:ss.ssssss\".")
            }
            parsed.append((country, expiry))
        }
        return parsed
    }

    static func pinAssignments(_ items: [JSONValue], state: EmulatorState) throws -> [PinCodeAssignment] {
        var types = Set<String>()
        return try items.map { item in
            let entry = try RequestBody(item)
            try entry.rejectUnknown(allowed: ["type", "routing_type", "pin_code", "monetary_account_id"])
            let type = try entry.requiredString("type")
            guard ["PRIMARY", "SECONDARY", "TERTIARY"].contains(type) else {
                throw BunqError.badRequest("The PIN type must be PRIMARY, SECONDARY or TERTIARY, not \"\(type)\".")
            }
            guard types.insert(type).inserted else { throw BunqError.badRequest("PIN type \(type) is assigned more than once.") }
            let routing = try entry.string("routing_type") ?? "MANUAL"
            guard ["MANUAL", "AUTOMATIC"].contains(routing) else {
                throw BunqError.badRequest("The routing type must be MANUAL or AUTOMATIC, not \"\(routing)\".")
            }
            guard let accountId = try entry.int("monetary_account_id") else {
                throw BunqError.badRequest("Field \"monetary_account_id\" is required in \"pin_code_assignment\".")
            }
            guard state.monetaryAccounts.contains(where: { $0.id == accountId }) else {
                throw BunqError.badRequest("Monetary account \(accountId) in \"pin_code_assignment\" not found.")
            }
            return PinCodeAssignment(type: type, routingType: routing, monetaryAccountId: accountId)
        }
    }

    static func primaryAccountNumbers(_ items: [JSONValue], card: Card, state: EmulatorState) throws -> [PrimaryAccountNumber] {
        var numbers = card.primaryAccountNumbers
        for item in items {
            let entry = try RequestBody(item)
            try entry.rejectUnknown(allowed: ["id", "description", "status", "monetary_account_id"])
            guard let id = try entry.int("id"), let position = numbers.firstIndex(where: { $0.id == id }) else {
                throw BunqError.badRequest("Each entry of \"primary_account_numbers\" needs the id of one of this card's PANs.")
            }
            let before = numbers[position]
            if let description = try entry.string("description") { numbers[position].description = description }
            if let status = try entry.string("status") {
                guard ["ACTIVE", "DEACTIVATED", "CANCELLED"].contains(status) else {
                    throw BunqError.badRequest("The PAN status must be ACTIVE, DEACTIVATED or CANCELLED, not \"\(status)\".")
                }
                numbers[position].status = status
            }
            if let accountId = try entry.int("monetary_account_id") {
                guard state.monetaryAccounts.contains(where: { $0.id == accountId }) else {
                    throw BunqError.badRequest("Monetary account \(accountId) in \"primary_account_numbers\" not found.")
                }
                numbers[position].monetaryAccountId = accountId
            }
            // A cancelled number is permanent, as a cancelled card is; repeating its state is no change.
            if before.status == "CANCELLED", numbers[position] != before {
                throw BunqError.badRequest("The card number ending in \(before.fourDigit) is CANCELLED and can no longer be changed.")
            }
        }
        return numbers
    }
}
