import Foundation
import PolicyModel
import Testing

@Suite("cards and card groups")
struct CardRulesTests {
    @Test func aValidCardKeepsEveryFieldAndItsLine() throws {
        let policy = try #require(
            loadValid(
                """
                version: 1
                cards:
                  - name: alice-travel
                    match: {last4: "8069"}
                    status: ACTIVE
                    limits:
                      purchase: 100.5 EUR
                      atm: {value: "0", currency: EUR}
                    countries: [NL, {country: US, until: 2026-12-31}]
                    fallback_account: 2078790
                    cvc2: GENERATED
                """))
        let card = try #require(policy.cards.first)
        #expect(card.name == "alice-travel")
        #expect(card.selector.value == .last4("8069"))
        #expect(card.location.line == 3 && card.location.column == 5)
        #expect(card.settings.status?.value == .active)
        #expect(card.settings.purchaseLimit?.value == PolicyAmount(value: Decimal(string: "100.50")!, currency: "EUR"))
        #expect(card.settings.purchaseLimit?.value.description == "100.50 EUR")
        #expect(card.settings.purchaseLimit?.location.line == 7)
        #expect(card.settings.atmLimit?.value.valueText == "0.00")
        #expect(card.settings.countries?.value.map(\.country) == ["NL", "US"])
        #expect(card.settings.countries?.value.last?.expiry?.bunqExpiryTime == "2026-12-31 23:59:59.000000")
        #expect(card.settings.fallbackAccount?.value == .accountId(2078790))
        #expect(card.settings.cvc2?.value == .generated)
    }

    @Test func unknownKeysGetTheNearestValidKey() {
        expectDiagnostics(
            """
            version: 1
            cards:
              - name: a
                match: {last4: "1234"}
                1️⃣limts: {purchase: 1 EUR}
                2️⃣fallback: none
            """,
            [
                ("1️⃣", .error, "unknown key `limts` in a card; did you mean `limits`?"),
                ("2️⃣", .error, "did you mean `fallback_account`?")
            ])
    }

    @Test func missingNameAndMatchAreReportedAtTheEntry() {
        expectDiagnostics(
            """
            version: 1
            cards:
              - 1️⃣limits: {atm: 0 EUR}
            """, [("1️⃣", .error, "a card needs a `name`"), ("1️⃣", .error, "needs a `match`")])
    }

    @Test func matchTakesExactlyOneKey() {
        expectDiagnostics(
            """
            version: 1
            cards:
              - name: a
                match: 1️⃣{}
              - name: b
                match: {last4: "1234", 2️⃣second_line: X}
            """,
            [
                ("1️⃣", .error, "`match` needs one of id, last4, second_line, name_on_card"),
                ("2️⃣", .error, "`match` takes exactly one key")
            ])
    }

    @Test func last4MustBeFourQuotedDigits() {
        expectDiagnostics(
            """
            version: 1
            cards:
              - {name: a, match: {last4: 1️⃣8069}}
              - {name: b, match: {last4: 2️⃣"806"}}
            """,
            [
                ("1️⃣", .error, "`last4` must be a quoted string such as \"8069\""),
                ("2️⃣", .error, "last 4 digits")
            ])
    }

    @Test func amountsAreExactNonNegativeAndInARealCurrency() {
        expectDiagnostics(
            """
            version: 1
            cards:
              - name: a
                match: {id: 1}
                limits:
                  purchase: 1️⃣100.001 EUR
                  atm: 2️⃣-5 EUR
              - name: b
                match: {id: 2}
                limits:
                  purchase: 3️⃣100 EURO
                  atm: {value: 4️⃣100.10, currency: EUR}
              - name: c
                match: {id: 3}
                limits:
                  purchase: 5️⃣100
                  atm: {value: "1", currency: 6️⃣eur}
            """,
            [
                ("1️⃣", .error, "at most 2 decimals"),
                ("2️⃣", .error, "cannot be negative"),
                ("3️⃣", .error, "\"EURO\" is not an ISO 4217 currency code"),
                ("4️⃣", .error, "`value` must be a quoted string"),
                ("5️⃣", .error, "must be an amount such as"),
                ("6️⃣", .error, "currency codes are upper case: EUR")
            ])
    }

    /// Each message names what is wrong with this value, not a rule it happens to break.
    @Test func amountMistakesAreNamed() {
        expectDiagnostics(
            """
            version: 1
            cards:
              - name: a
                match: {id: 1}
                limits:
                  atm: 1️⃣007 EUR
                  purchase: 2️⃣EUR 100
              - name: b
                match: {id: 2}
                limits:
                  atm: 3️⃣100 usd
                  purchase: 4️⃣"1,5 EUR"
              - name: c
                match: {id: 3}
                limits:
                  atm: 5️⃣1234567890123 EUR
                  purchase: 6️⃣00.50 EUR
            """,
            [
                ("1️⃣", .error, "`atm` has a leading zero in \"007\"; write 7"),
                ("2️⃣", .error, "an amount is the value, then the currency: write \"100 EUR\""),
                ("3️⃣", .error, "currency codes are upper case: USD"),
                ("4️⃣", .error, "`purchase` must be a decimal number with `.` for the point (such as 100.00), found \"1,5\""),
                ("5️⃣", .error, "`atm` has 13 digits before the point, more than the 12 bunq takes"),
                ("6️⃣", .error, "`purchase` has a leading zero in \"00.50\"; write 0.50")
            ])
    }

    @Test func statusesAndCvc2AreClosedSets() {
        expectDiagnostics(
            """
            version: 1
            cards:
              - name: a
                match: {id: 1}
                status: 1️⃣ACTIV
                cvc2: 2️⃣DYNAMIC
            """, [("1️⃣", .error, "did you mean ACTIVE?"), ("2️⃣", .error, "`cvc2` must be one of STATIC, GENERATED")])
    }

    @Test func fallbackAccountForms() throws {
        let policy = try #require(
            loadValid(
                """
                version: 1
                cards:
                  - {name: a, match: {id: 1}, fallback_account: none}
                  - {name: b, match: {id: 2}, fallback_account: {iban: "nl91 abna 0417 1643 00"}}
                  - {name: c, match: {id: 3}, fallback_account: {description: Buffer}}
                """))
        #expect(policy.cards.map { $0.settings.fallbackAccount?.value } == [AccountReference.none, .iban("NL91ABNA0417164300"), .description("Buffer")])
        expectDiagnostics(
            """
            version: 1
            cards:
              - {name: a, match: {id: 1}, fallback_account: {iban: 1️⃣"NL92ABNA0417164300"}}
              - {name: b, match: {id: 2}, fallback_account: 2️⃣yes}
              - {name: c, match: {id: 3}, fallback_account: 3️⃣{iban: "NL91ABNA0417164300", description: x}}
              - {name: d, match: {id: 4}, fallback_account: 4️⃣0}
            """,
            [
                ("1️⃣", .error, "not a valid IBAN"), ("2️⃣", .error, "found the boolean yes"),
                ("3️⃣", .error, "exactly one of `iban` or `description`"), ("4️⃣", .error, "positive id")
            ])
    }

    @Test func namesAreSafeAndUnique() {
        expectDiagnostics(
            """
            version: 1
            cards:
              - {name: 1️⃣"alice travel", match: {id: 1}}
              - {name: b, match: {id: 2}}
              - 2️⃣{name: b, match: {id: 3}}
            """, [("1️⃣", .error, "may use letters, digits"), ("2️⃣", .error, "card `b` is defined twice (first at test.yaml:4:5)")])
    }

    @Test func groupsMatchOnKnownFieldsWithGlobs() throws {
        let policy = try #require(
            loadValid(
                """
                version: 1
                card_groups:
                  - name: virtual
                    match: {type: MASTERCARD, second_line: "Virtual*", account: 42}
                    limits: {atm: 0 EUR}
                """))
        let group = try #require(policy.cardGroups.first)
        #expect(group.match.secondLine?.matches("Virtual Ads") == true)
        #expect(group.match.secondLine?.matches("Physical") == false)
        #expect(group.match.account?.value == .accountId(42))
        expectDiagnostics(
            """
            version: 1
            card_groups:
              - name: a
                match: {1️⃣colour: red}
              - name: b
                match: 2️⃣{}
              - name: c
                match: {type: MAESTRO}
                status: 3️⃣CANCELLED
            """,
            [
                ("1️⃣", .error, "unknown key `colour` in a group's `match`"),
                ("2️⃣", .error, "needs at least one of"),
                ("3️⃣", .error, "a group cannot set the irreversible status CANCELLED")
            ])
    }
}
