import Foundation
import PolicyModel
import Testing

@Suite("countries")
struct CountryRulesTests {
    @Test func codesAreRealUpperCaseAndListedOnce() {
        expectDiagnostics(
            """
            version: 1
            cards:
              - name: a
                match: {id: 1}
                countries:
                  - NL
                  - 1️⃣nl
                  - 2️⃣XX
                  - 3️⃣{country: NL}
                  - 4️⃣NO
                  - 5️⃣UK
                  - 6️⃣el
            """,
            [
                ("1️⃣", .error, "country codes are upper case: NL"),
                ("2️⃣", .error, "\"XX\" is not an ISO 3166-1 alpha-2 country code"),
                ("3️⃣", .error, "country NL is listed twice (first at line 6)"),
                ("4️⃣", .error, "write \"NO\" (quoted) for Norway"),
                ("5️⃣", .error, "\"UK\" is not an ISO 3166-1 alpha-2 country code; did you mean GB (the United Kingdom)?"),
                ("6️⃣", .error, "\"el\" is not an ISO 3166-1 alpha-2 country code; did you mean GR (Greece)?")
            ])
    }

    @Test func untilTakesADateOrAZonedTimestamp() throws {
        let policy = try #require(
            loadValid(
                """
                version: 1
                cards:
                  - name: a
                    match: {id: 1}
                    countries:
                      - {country: US, until: 2026-12-31}
                      - {country: CA, until: "2026-12-24T18:00:00-05:00"}
                      - {country: MX, until: 2027-01-02 08:30:00Z}
                """))
        let permissions = try #require(policy.cards.first?.settings.countries?.value)
        #expect(
            permissions.map { $0.expiry?.bunqExpiryTime } == [
                "2026-12-31 23:59:59.000000", "2026-12-24 23:00:00.000000", "2027-01-02 08:30:00.000000"
            ])
        expectDiagnostics(
            """
            version: 1
            cards:
              - name: a
                match: {id: 1}
                countries:
                  - {country: US, until: 1️⃣2027-02-30}
                  - {country: CA, until: 2️⃣"2026-12-24T18:00:00"}
                  - {country: MX, until: 3️⃣tomorrow}
                  - 4️⃣{until: 2026-12-01}
                  - {country: DE, until: 5️⃣2026-13-01}
                  - {country: FR, until: 6️⃣"2026-04-31T10:00:00Z"}
            """,
            [
                ("1️⃣", .error, "`until`: February 2027 has 28 days, found \"2027-02-30\""), ("2️⃣", .error, "with a zone"),
                ("3️⃣", .error, "`until` must be a date"), ("4️⃣", .error, "needs `country`"),
                ("5️⃣", .error, "`until`: there is no month 13; months are 01 to 12"),
                ("6️⃣", .error, "`until`: April 2026 has 30 days, found \"2026-04-31T10:00:00Z\"")
            ])
    }

    @Test func aPastUntilIsAWarningAndTheEntryIsInactive() throws {
        let source = MarkedSource(
            """
            version: 1
            cards:
              - name: a
                match: {id: 1}
                countries:
                  - NL
                  - 1️⃣{country: US, until: 2026-11-20}
            """)
        let result = PolicyLoader.load(text: source.text, path: "t.yaml", now: testNow)
        #expect(result.diagnostics.map(\.description) == ["t.yaml:7:9: warning: permission for US ended 2026-11-20; it is inactive and will not be sent"])
        let permissions = try #require(result.policy?.cards.first?.settings.countries?.value)
        #expect(permissions.map { $0.isActive(at: testNow) } == [true, false])
    }

    @Test func anEmptyListIsAllowedButWarned() {
        expectDiagnostics(
            """
            version: 1
            cards:
              - name: a
                match: {id: 1}
                countries: 1️⃣[]
            """, [("1️⃣", .warning, "no country is allowed")])
    }
}

@Suite("notifications")
struct NotificationRulesTests {
    @Test func scopesAreReadWithTheirFilters() throws {
        let policy = try #require(
            loadValid(
                """
                version: 1
                notifications:
                  url:
                    - {category: CARD_TRANSACTION_SUCCESSFUL, target: "https://a.example/x"}
                  push: [{category: CARD_TRANSACTION_FAILED}]
                  email: []
                  accounts:
                    2078790:
                      url:
                        - {category: MUTATION, target: "https://a.example/ledger"}
                """))
        #expect(policy.notifications.map(\.scope) == [.userURL, .userPush, .userEmail, .accountURL(2078790)])
        #expect(policy.notifications[2].filters.isEmpty)
        #expect(policy.notifications[3].filters.first?.target == "https://a.example/ledger")
    }

    @Test func targetsCategoriesAndLimitsAreChecked() {
        expectDiagnostics(
            """
            version: 1
            notifications:
              url:
                - {category: PAYMENT, target: 1️⃣"http://a.example/x"}
                - {category: 2️⃣PAYMENTS, target: "https://a.example/x"}
                - {category: MUTATION, target: "https://a.example/1"}
                - {category: MUTATION, target: "https://a.example/2"}
                - 3️⃣{category: MUTATION, target: "https://a.example/3"}
                - 4️⃣{category: MUTATION, target: "https://a.example/1"}
              push:
                - {category: BILLING, 5️⃣target: "https://a.example"}
                - 6️⃣{}
            """,
            [
                ("1️⃣", .error, "must be an https:// URL"),
                ("2️⃣", .error, "did you mean PAYMENT?"),
                ("3️⃣", .error, "at most 2 targets per category"),
                ("4️⃣", .error, "listed twice"),
                ("5️⃣", .error, "unknown key `target`"),
                ("6️⃣", .error, "needs `category`")
            ])
    }

    @Test func accountScopesNeedIdsAndOnlyTakeUrl() {
        expectDiagnostics(
            """
            version: 1
            notifications:
              accounts:
                1️⃣main:
                  url: []
                42:
                  2️⃣push: []
            """, [("1️⃣", .error, "monetary account id"), ("2️⃣", .error, "unknown key `push`")])
    }
}
