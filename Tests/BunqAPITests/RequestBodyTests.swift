import Foundation
import Testing

@testable import BunqAPI

@Suite("Request bodies")
struct RequestBodyTests {
    private func json(_ value: some Encodable) throws -> String {
        String(decoding: try WireJSON.encoder().encode(value), as: UTF8.self)
    }

    @Test func aCardUpdateAlwaysCarriesTheFallbackAccount() throws {
        let update = CardUpdate(fallbackAccount: .account(2_078_791), cardLimit: Amount(parsing: "100", currency: "EUR"))
        #expect(try json(update) == #"{"card_limit":{"currency":"EUR","value":"100.00"},"monetary_account_id_fallback":2078791}"#)
    }

    @Test func clearingTheFallbackLeavesTheFieldOutNeverANull() throws {
        #expect(try json(CardUpdate(fallbackAccount: .none)) == "{}")
        #expect(
            try json(CardUpdate(fallbackAccount: .none, cardLimitATM: Amount(parsing: "0", currency: "EUR")))
                == #"{"card_limit_atm":{"currency":"EUR","value":"0.00"}}"#)
    }

    @Test func keepingTheCurrentFallbackCopiesItFromTheCard() throws {
        #expect(FallbackAccount(current: Card(id: 1, fallbackAccountId: 9)) == .account(9))
        #expect(FallbackAccount(current: Card(id: 1)) == .none)
    }

    @Test func listsAreSentWithoutReadOnlyFields() throws {
        let update = CardUpdate(
            fallbackAccount: .account(1), status: .deactivated,
            countryPermissions: [
                CardCountryPermission(country: "NL", id: 11),
                CardCountryPermission(country: "US", expiryTime: .endOfDay(year: 2026, month: 12, day: 31), id: 12)
            ],
            pinCodeAssignments: [CardPinAssignment(type: "PRIMARY", monetaryAccountId: 5, routingType: "MANUAL", status: "ACTIVE")])
        #expect(
            try json(update) == #"{"country_permission":[{"country":"NL"},{"country":"US","expiry_time":"2026-12-31 23:59:59.000000"}],"#
                + #""monetary_account_id_fallback":1,"pin_code_assignment":[{"monetary_account_id":5,"routing_type":"MANUAL","type":"PRIMARY"}],"#
                + #""status":"DEACTIVATED"}"#)
    }

    /// Verification after apply reads the planned body back as the typed body it was made from.
    @Test func aCardUpdateReadsBackAsWhatWasSent() throws {
        let update = CardUpdate(
            fallbackAccount: .account(1), status: .deactivated, cardLimitATM: Amount(parsing: "0", currency: "EUR"),
            countryPermissions: [CardCountryPermission(country: "US", expiryTime: .endOfDay(year: 2026, month: 12, day: 31))])
        let text = try RequestBodyText.of(update)
        #expect(RequestBodyText.decode(CardUpdate.self, from: text) == update)
        #expect(RequestBodyText.decode(CardUpdate.self, from: "{}") == CardUpdate(fallbackAccount: .none))
        #expect(RequestBodyText.decode(CardUpdate.self, from: "not json") == nil)
    }

    @Test func slashesAreNotEscaped() throws {
        let filters = NotificationFiltersBody(notificationFilters: [
            NotificationFilterEntry(category: "MUTATION", notificationTarget: "https://hooks.example.com/bunq")
        ])
        #expect(
            try json(filters)
                == #"{"notification_filters":[{"category":"MUTATION","notification_target":"https://hooks.example.com/bunq"}]}"#)
    }

    @Test func anEmptyFilterListClearsTheScope() throws {
        #expect(
            try json(NotificationFiltersBody<NotificationFilterCategory>(notificationFilters: []))
                == #"{"notification_filters":[]}"#)
    }

    @Test func aCertificateChainIsPostedAsAList() throws {
        #expect(
            try json(CertificatePinnedCreate(pemCertificates: ["A", "B"]))
                == #"{"certificate_chain":[{"certificate":"A"},{"certificate":"B"}]}"#)
    }

    @Test func theSameValueAlwaysGivesTheSameBytes() throws {
        let update = CardUpdate(
            fallbackAccount: .account(1), cardLimit: Amount(parsing: "5", currency: "EUR"),
            cardLimitATM: Amount(parsing: "0", currency: "EUR"), secondLine: "a/b")
        let first = try json(update)
        for _ in 0..<20 { #expect(try json(update) == first) }
    }
}
