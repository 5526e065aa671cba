/// How each stored object looks on bunq's wire (field names and shapes of the `…Read` schemas).
///
/// Write-only values (`expiry_time` of a country permission, PINs, `cancellation_reason`)
/// are deliberately absent.
extension UserPerson {
    var wire: JSONValue {
        .fields([
            ("id", .int(id)),
            ("created", .string(created)),
            ("updated", .string(updated)),
            ("public_uuid", .string(publicUuid)),
            ("first_name", .string(firstName)),
            ("middle_name", .string("")),
            ("last_name", .string(lastName)),
            ("legal_name", .string(displayName)),
            ("display_name", .string(displayName)),
            ("public_nick_name", .string(publicNickName)),
            (
                "alias",
                .array([
                    pointer("EMAIL", email, displayName),
                    pointer("PHONE_NUMBER", phoneNumber, displayName)
                ])
            ),
            ("tax_resident", .array([])),
            ("address_main", address),
            ("address_postal", address),
            ("date_of_birth", .string("1990-01-01")),
            ("place_of_birth", .string("Amsterdam")),
            ("country_of_birth", .string(nationality)),
            ("nationality", .string(nationality)),
            ("all_nationality", .array([.string(nationality)])),
            ("language", .string(language)),
            ("region", .string(region)),
            ("gender", .string("UNKNOWN")),
            ("avatar", .null),
            ("version_terms_of_service", .string("1.0")),
            ("status", .string("ACTIVE")),
            ("sub_status", .string("NONE")),
            ("session_timeout", .int(sessionTimeout)),
            ("daily_limit_without_confirmation_login", StoredAmount(value: "250.00").json),
            ("notification_filters", .array([]))
        ])
    }

    private var address: JSONValue {
        .object([
            ("street", .string("Naritaweg")), ("house_number", .string("131")), ("postal_code", .string("1043 BS")),
            ("city", .string("Amsterdam")), ("country", .string("NL")), ("province", .null)
        ])
    }

    var labelUser: JSONValue {
        .object([
            ("uuid", .string(publicUuid)), ("display_name", .string(displayName)), ("country", .string(nationality)),
            ("avatar", .null), ("public_nick_name", .string(publicNickName))
        ])
    }
}

func pointer(_ type: String, _ value: String, _ name: String) -> JSONValue {
    .object([("type", .string(type)), ("value", .string(value)), ("name", .string(name))])
}

extension MonetaryAccount {
    func wire(owner: UserPerson) -> JSONValue {
        var members: [(String, JSONValue?)] = [
            ("id", .int(id)),
            ("created", .string(created)),
            ("updated", .string(updated)),
            ("avatar", .null),
            ("currency", .string(currency)),
            ("description", .string(description)),
            ("daily_limit", dailyLimit.json),
            ("overdraft_limit", StoredAmount(value: "0.00", currency: currency).json),
            ("balance", balance.json),
            ("alias", .array([pointer("IBAN", iban, owner.displayName)])),
            ("public_uuid", .string(publicUuid)),
            ("status", .string(status)),
            ("sub_status", .string(subStatus)),
            ("reason", .null),
            ("reason_description", .null),
            ("user_id", .int(owner.id)),
            ("display_name", .string(owner.displayName))
        ]
        switch kind {
        case .bank:
            members.append(("setting", .object([("color", .string("#3BA1FF")), ("restriction_chat", .string("ALLOW_INCOMING"))])))
            members.append(("all_auto_save_id", .array([])))
        case .savings:
            members.append(("savings_goal", StoredAmount(value: "5000.00", currency: currency).json))
            members.append(("savings_goal_progress", .double(0.2)))
        case .card:
            members.append(("balance_real", balance.json))
        }
        return .fields(members)
    }

    /// `LabelMonetaryAccount`: how a card names its account. It carries no account id: the
    /// link to an account id is in `pin_code_assignment`.
    func label(owner: UserPerson) -> JSONValue {
        .object([
            ("iban", .string(iban)), ("display_name", .string(owner.displayName)), ("avatar", .null),
            ("label_user", owner.labelUser), ("country", .string("NL")), ("is_light", .bool(false)),
            ("swift_bic", .string("BUNQNL2A")), ("swift_account_number", .string(iban))
        ])
    }
}

/// What rendering a card needs from the rest of the state, computed once per response
/// rather than once per card (a page holds up to 200 cards).
struct CardWireContext {
    let owner: UserPerson
    let labels: [Int: JSONValue]
    let cvc2Types: [Int: String]

    init(_ state: EmulatorState) {
        owner = state.user
        var labels: [Int: JSONValue] = [:]
        for account in state.monetaryAccounts { labels[account.id] = account.label(owner: state.user) }
        self.labels = labels
        var newest: [Int: (id: Int, type: String)] = [:]
        for entry in state.generatedCvc2 where (newest[entry.cardId]?.id ?? Int.min) < entry.id {
            newest[entry.cardId] = (entry.id, entry.type)
        }
        cvc2Types = newest.mapValues(\.type)
    }
}

extension Card {
    func wire(_ context: CardWireContext) -> JSONValue {
        let owner = context.owner
        func label(_ accountId: Int?) -> JSONValue {
            accountId.flatMap { context.labels[$0] } ?? .null
        }
        return .fields([
            ("id", .int(id)),
            ("created", .string(created)),
            ("updated", .string(updated)),
            ("public_uuid", .string(publicUuid)),
            ("user_id", .int(owner.id)),
            ("user_owner_id", .int(owner.id)),
            ("user_holder_id", .int(userHolderId ?? owner.id)),
            ("type", .string(type)),
            ("sub_type", .string(subType)),
            ("product_type", .string(productType)),
            ("product_sub_type", .string(productSubType)),
            ("first_line", .string(firstLine)),
            ("second_line", .string(secondLine)),
            ("status", .string(status)),
            ("sub_status", .string(subStatus)),
            ("order_status", .string(orderStatus)),
            ("expiry_date", .string(expiryDate)),
            ("name_on_card", .string(nameOnCard)),
            ("preferred_name_on_card", .optional(preferredNameOnCard)),
            ("primary_account_numbers", .array(primaryAccountNumbers.map(\.wire))),
            ("payment_account_reference", .optional(paymentAccountReference)),
            ("card_limit", cardLimit?.json ?? .null),
            ("card_limit_atm", cardLimitAtm?.json ?? .null),
            ("country_permission", .array(countryPermission.map { .object([("id", .int($0.id)), ("country", .string($0.country))]) })),
            ("label_monetary_account_ordered", label(monetaryAccountIdOrdered)),
            ("label_monetary_account_current", label(primaryAccountId)),
            ("pin_code_assignment", .array(pinCodeAssignment.map(\.wire))),
            ("monetary_account_id_fallback", .optional(monetaryAccountIdFallback)),
            ("country", .string(country)),
            ("card_shipment_tracking_url", .null),
            ("is_card_eligible_for_free_replacement", .bool(false)),
            (
                "card_replacement",
                replacedByCardId.map { newId in
                    .object([("status", .string("REPLACED")), ("card_id", .int(id)), ("card_new_id", .int(newId))])
                } ?? .null
            ),
            ("card_generated_cvc2", .object([("type", .string(context.cvc2Types[id] ?? "STATIC"))])),
            ("is_limited_edition", .bool(false)),
            ("card_metal_member_since_date", .null)
        ])
    }
}

extension PrimaryAccountNumber {
    var wire: JSONValue {
        .object([
            ("id", .int(id)), ("uuid", .string(uuid)), ("description", .string(description)),
            ("status", .string(status)), ("monetary_account_id", .optional(monetaryAccountId)),
            ("four_digit", .string(fourDigit)), ("type", .string(type))
        ])
    }
}

extension PinCodeAssignment {
    var wire: JSONValue {
        .object([
            ("type", .string(type)), ("routing_type", .string(routingType)),
            ("monetary_account_id", .int(monetaryAccountId)), ("status", .string(status))
        ])
    }
}

extension GeneratedCvc2 {
    var wire: JSONValue {
        .object([
            ("id", .int(id)), ("created", .string(created)), ("updated", .string(updated)), ("type", .string(type)),
            ("cvc2", .string(cvc2)), ("status", .string(status)), ("expiry_time", .string(expiryTime))
        ])
    }
}

extension CertificatePin {
    var wire: JSONValue {
        .object([("id", .int(id)), ("certificate_chain", .string(chain))])
    }
}

extension NotificationFilter {
    var wire: JSONValue {
        .fields([
            ("id", .int(id)), ("created", .string(created)), ("updated", .string(updated)),
            ("category", .string(category)),
            ("notification_target", notificationTarget.map(JSONValue.string))
        ])
    }
}
