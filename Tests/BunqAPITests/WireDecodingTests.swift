import Foundation
import Testing

@testable import BunqAPI

@Suite("Wire decoding")
struct WireDecodingTests {
    static let cardList = #"""
        {"Response":[
          {"CardDebit":{"id":7,"created":"2024-01-02 03:04:05.000006","updated":"2024-01-02 03:04:05.000007",
            "public_uuid":"0f1e","type":"MASTERCARD","sub_type":"NONE","product_type":"MASTERCARD_DEBIT",
            "second_line":"Virtual travel","name_on_card":"A. Person","preferred_name_on_card":"A. Person",
            "status":"ACTIVE","sub_status":"NONE","order_status":"VIRTUAL_DELIVERY","expiry_date":"2028-01-31",
            "primary_account_numbers":[{"id":1,"description":"main","status":"ACTIVE","monetary_account_id":2078790,
              "uuid":"u","four_digit":"8069","type":"VIRTUAL"}],
            "card_limit":{"value":"100.00","currency":"EUR"},"card_limit_atm":{"value":"0.00","currency":"EUR"},
            "country_permission":[{"id":11,"country":"NL"},{"id":12,"country":"US"}],
            "pin_code_assignment":[{"type":"PRIMARY","routing_type":"MANUAL","monetary_account_id":2078790,"status":"ACTIVE"}],
            "monetary_account_id_fallback":2078791,
            "label_monetary_account_current":{"iban":"NL00BUNQ0123456789","display_name":"A. Person","avatar":{"uuid":"x"}},
            "card_generated_cvc2":{"type":"GENERATED"},"user_owner_id":3,"user_holder_id":3,
            "a_field_bunq_adds_next_year":{"nested":[1,2,3]}}},
          {"Card":{"id":6,"status":"CANCELLED","monetary_account_id_fallback":null}}
        ],
        "Pagination":{"future_url":null,"newer_url":"/v1/user/3/card?count=200&newer_id=7","older_url":"/v1/user/3/card?count=200&older_id=6"}}
        """#

    @Test func decodesCardsUnderAnyTypeKeyAndIgnoresUnknownFields() throws {
        let envelope = try JSONDecoder().decode(ResponseEnvelope<TypeKeyed<Card>>.self, from: Data(Self.cardList.utf8))
        #expect(envelope.items.map(\.typeKey) == ["CardDebit", "Card"])
        let card = envelope.items[0].value
        #expect(card.id == 7)
        #expect(card.created?.bunqString == "2024-01-02 03:04:05.000006")
        #expect(card.type == "MASTERCARD")
        #expect(card.productType == "MASTERCARD_DEBIT")
        #expect(card.secondLine == "Virtual travel")
        #expect(card.status == .active)
        #expect(card.orderStatus == .virtualDelivery)
        #expect(card.lastFourDigits == ["8069"])
        #expect(card.cardLimit == Amount(parsing: "100", currency: "EUR"))
        #expect(card.cardLimitATM?.value == 0)
        #expect(card.countryPermissions?.map(\.country) == ["NL", "US"])
        #expect(card.countryPermissions?.first?.id == 11)
        #expect(card.countryPermissions?.first?.expiryTime == nil)
        #expect(card.primaryAccountId == 2_078_790)
        #expect(card.fallbackAccountId == 2_078_791)
        #expect(card.labelMonetaryAccountCurrent?.iban == "NL00BUNQ0123456789")
        #expect(card.cardGeneratedCvc2?.type == "GENERATED")
        #expect(card.userOwnerId == 3 && card.userHolderId == 3)
        #expect(envelope.items[1].value.status == .cancelled)
        #expect(envelope.items[1].value.fallbackAccountId == nil)
        #expect(envelope.pagination?.olderURL == "/v1/user/3/card?count=200&older_id=6")
        #expect(envelope.pagination?.futureURL == nil)
    }

    @Test func refusesAnItemWithoutExactlyOneTypeKey() {
        for body in [#"{"Response":[{}]}"#, #"{"Response":[{"Card":{"id":1},"CardDebit":{"id":1}}]}"#] {
            #expect(throws: DecodingError.self) {
                try JSONDecoder().decode(ResponseEnvelope<TypeKeyed<Card>>.self, from: Data(body.utf8))
            }
        }
    }

    @Test func readsACardPutAnsweredWithIdOrWithACard() throws {
        let idAnswer = try JSONDecoder().decode(
            ResponseEnvelope<ItemOrId<Card>>.self, from: Data(#"{"Response":[{"Id":{"id":42}}]}"#.utf8))
        guard case .id(42) = idAnswer.items.first else { Issue.record("expected Id 42"); return }
        let cardAnswer = try JSONDecoder().decode(
            ResponseEnvelope<ItemOrId<Card>>.self, from: Data(#"{"Response":[{"Card":{"id":42,"status":"DEACTIVATED"}}]}"#.utf8))
        guard case .item(let keyed) = cardAnswer.items.first else { Issue.record("expected a card"); return }
        #expect(keyed.value.status == .deactivated)
    }

    @Test func indexesInstallationPartsByKeyNotPosition() throws {
        let body = #"""
            {"Response":[{"ServerPublicKey":{"server_public_key":"PEM"}},{"Id":{"id":1}},
                         {"Token":{"id":2,"created":"2024-01-01 00:00:00.000000","updated":"2024-01-01 00:00:00.000000","token":"tok"}}]}
            """#
        let parts = try JSONDecoder().decode(ResponseEnvelope<ContextWire.Part>.self, from: Data(body.utf8)).items
        #expect(parts.contains { if case .serverPublicKey("PEM") = $0 { true } else { false } })
        #expect(parts.contains { if case .token("tok") = $0 { true } else { false } })
        #expect(parts.contains { if case .id(1) = $0 { true } else { false } })
    }

    @Test func findsTheSessionTimeoutOfAnyUserKind() throws {
        let person = #"{"Response":[{"Id":{"id":9}},{"Token":{"token":"s"}},{"UserPerson":{"id":3,"display_name":"P","session_timeout":600}}]}"#
        let apiKey = #"""
            {"Response":[{"Token":{"token":"s"}},{"UserApiKey":{"id":4,
              "requested_by_user":{"UserCompany":{"id":5,"display_name":"Company BV","session_timeout":900}}}}]}
            """#
        let users = try [person, apiKey].map { body in
            try JSONDecoder().decode(ResponseEnvelope<ContextWire.Part>.self, from: Data(body.utf8)).items
                .compactMap { if case .user(let user) = $0 { user } else { nil } }.first
        }
        #expect(users[0] == BunqUser(kind: "UserPerson", id: 3, displayName: "P", sessionTimeout: 600))
        #expect(users[1]?.kind == "UserApiKey")
        #expect(users[1]?.id == 4)
        #expect(users[1]?.sessionTimeout == 900)
        #expect(users[1]?.displayName == "Company BV")
    }

    @Test func readsErrorBodiesAsArrayOrObject() throws {
        let array = #"{"Error":[{"error_description":"Card not found.","error_description_translated":"Kaart niet gevonden."}]}"#
        let object = #"{"Error":{"error_description":"Too many requests."}}"#
        #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(array.utf8)).descriptions == ["Card not found."])
        #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(object.utf8)).descriptions == ["Too many requests."])
    }

    @Test func decodesMonetaryAccountsOfEveryKind() throws {
        let body = #"""
            {"Response":[
              {"MonetaryAccountBank":{"id":2078790,"description":"Main","currency":"EUR","status":"ACTIVE",
                "balance":{"value":"12.34","currency":"EUR"},
                "alias":[{"type":"EMAIL","value":"a@example.com","name":"A"},{"type":"IBAN","value":"NL00BUNQ0123456789","name":"A"}]}},
              {"MonetaryAccountSavings":{"id":2078791,"description":"Buffer"}}],
             "Pagination":{"future_url":null,"newer_url":null,"older_url":null}}
            """#
        let accounts = try JSONDecoder().decode(ResponseEnvelope<TypeKeyed<MonetaryAccount.Fields>>.self, from: Data(body.utf8))
            .items.map(MonetaryAccount.init)
        #expect(accounts.map(\.kind) == ["MonetaryAccountBank", "MonetaryAccountSavings"])
        #expect(accounts[0].iban == "NL00BUNQ0123456789")
        #expect(accounts[0].balance == Amount(parsing: "12.34", currency: "EUR"))
        #expect(accounts[1].iban == nil)
        #expect(accounts[1].description == "Buffer")
    }

    @Test func neverDecodesTheCvc2Code() throws {
        let body = #"{"id":1,"type":"GENERATED","cvc2":"123","status":"AVAILABLE","expiry_time":"2026-01-01 00:00:00.000000"}"#
        let record = try JSONDecoder().decode(GeneratedCvc2.self, from: Data(body.utf8))
        #expect(record.type == "GENERATED")
        let reEncoded = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        #expect(!reEncoded.contains("123"))
    }
}
