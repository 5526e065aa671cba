import Foundation
import PolicyModel
import Testing

@Suite("rules: invariants in the policy")
struct PolicyRulesTests {
    @Test func aValidRuleKeepsEveryConstraintAndItsLine() throws {
        let policy = try #require(
            loadValid(
                """
                version: 1
                rules:
                  - name: max-card-limit
                    match: all
                    max_limits: {purchase: 5000 EUR, atm: 500 EUR}
                    countries: {deny: [RU, KP]}
                  - name: board
                    match: {second_line: "Board*", account: {description: "Main"}}
                    require: [fallback_account, account]
                    cvc2: GENERATED
                    protect: true
                    max_until: 90d
                  - name: eu
                    countries: {allow_only: [NL, BE]}
                """))
        #expect(policy.rules.map(\.name) == ["max-card-limit", "board", "eu"])
        let limit = policy.rules[0]
        #expect(limit.match == nil && limit.location.line == 3 && limit.location.column == 5)
        #expect(limit.maxPurchase?.value.description == "5000.00 EUR" && limit.maxPurchase?.location.line == 5)
        #expect(limit.maxATM?.value.description == "500.00 EUR")
        #expect(limit.countries?.value == .deny(["RU", "KP"]))
        let board = policy.rules[1]
        #expect(board.match?.secondLine?.matches("Board Alice") == true)
        #expect(board.match?.account?.value == .description("Main"))
        #expect(board.required.map(\.value) == [.fallbackAccount, .account])
        #expect(board.cvc2?.value == .generated && board.protect && board.maxUntilDays?.value == 90)
        #expect(policy.rules[2].countries?.value == .allowOnly(["NL", "BE"]) && policy.rules[2].match == nil)
    }

    @Test func aValueThatBreaksARuleForEveryCardIsAnErrorAtItsLineNamingTheRule() {
        expectDiagnostics(
            """
            version: 1
            rules:
              - name: max-card-limit
                max_limits: {purchase: 5000 EUR, atm: 500 EUR}
                countries: {deny: [RU, KP]}
              - name: travel
                match: all
                max_until: 90d
              - name: safe
                require: [fallback_account, countries]
                cvc2: GENERATED
              - name: eu
                countries: {allow_only: [NL, BE, US]}
            cards:
              - name: alice
                match: {last4: "8069"}
                limits: {purchase: 1️⃣8000 EUR, atm: 2️⃣{value: "500.01", currency: EUR}}
                countries: [NL, 3️⃣RU, 4️⃣{country: US, until: 2027-02-20}, 5️⃣FR]
                fallback_account: 6️⃣none
                cvc2: 7️⃣STATIC
            card_groups:
              - name: usd
                match: {type: MAESTRO}
                limits: {purchase: 8️⃣100 USD}
                countries: 9️⃣[]
            """,
            [
                ("1️⃣", .error, "purchase limit 8000.00 EUR breaks rule max-card-limit (test.yaml:3:5): at most 5000.00 EUR"),
                ("2️⃣", .error, "ATM limit 500.01 EUR breaks rule max-card-limit (test.yaml:3:5): at most 500.00 EUR"),
                ("3️⃣", .error, "country RU breaks rule max-card-limit (test.yaml:3:5): it denies RU, KP"),
                ("3️⃣", .error, "country RU breaks rule eu (test.yaml:12:5): it allows only NL, BE, US"),
                (
                    "4️⃣", .error,
                    "US until 2027-02-20 breaks rule travel (test.yaml:6:5): a permission may last at most 90 days (until 2027-02-19)"
                ),
                ("5️⃣", .error, "country FR breaks rule eu (test.yaml:12:5): it allows only NL, BE, US"),
                ("6️⃣", .error, "no fallback account breaks rule safe (test.yaml:9:5): it requires `fallback_account`"),
                ("7️⃣", .error, "cvc2 STATIC breaks rule safe (test.yaml:9:5): it requires GENERATED"),
                (
                    "8️⃣", .error,
                    "purchase limit 100.00 USD breaks rule max-card-limit (test.yaml:3:5): at most 5000.00 EUR, and a limit in USD cannot be compared with it"
                ),
                ("9️⃣", .error, "no allowed country breaks rule safe (test.yaml:9:5): it requires `countries`"),
                ("9️⃣", .warning, "no country is allowed")
            ])
    }

    @Test func valuesWithinEveryRuleAreValid() {
        _ = loadValid(
            """
            version: 1
            rules:
              - name: max-card-limit
                max_limits: {purchase: 5000 EUR}
                max_until: 90d
                countries: {deny: [RU]}
            cards:
              - name: alice
                match: {last4: "8069"}
                limits: {purchase: 5000 EUR}
                countries: [NL, {country: US, until: 2027-02-19}]
            """)
    }

    /// Which cards a rule with a `match` covers is known only against bunq: the plan checks it.
    @Test func aRuleWithAMatchIsLeftToThePlan() {
        _ = loadValid(
            """
            version: 1
            rules:
              - name: board
                match: {second_line: "Board*"}
                max_limits: {purchase: 100 EUR}
            cards:
              - name: alice
                match: {second_line: "Board Alice"}
                limits: {purchase: 8000 EUR}
            """)
    }

    @Test func anEndedPermissionIsNotSentSoNoRuleSeesIt() {
        expectDiagnostics(
            """
            version: 1
            rules:
              - {name: no-us, countries: {deny: [US]}}
            cards:
              - name: alice
                match: {last4: "8069"}
                countries: [NL, 1️⃣{country: US, until: 2026-01-31}]
            """, [("1️⃣", .warning, "permission for US ended 2026-01-31")])
    }

    @Test func badRuleDefinitionsAreReportedWhereTheyAre() {
        expectDiagnostics(
            """
            version: 1
            rules:
              - 1️⃣name: nothing
              - 2️⃣max_limits: {atm: 0 EUR}
              - name: r1
                3️⃣max_limit: {atm: 0 EUR}
                match: 4️⃣every
                max_until: 5️⃣12w
              - name: r2
                countries: {deny: [RU], 6️⃣allow_only: [NL]}
                require: [7️⃣iban]
                protect: 8️⃣"yes"
              - name: r3
                match: 9️⃣{}
                protect: true
            """,
            [
                ("1️⃣", .error, "rule `nothing` checks nothing: give it max_limits, countries, require, cvc2, max_until or protect: true"),
                ("2️⃣", .error, "a rule needs a `name`"),
                ("3️⃣", .error, "unknown key `max_limit` in a rule; did you mean `max_limits`?"),
                ("4️⃣", .error, "a rule's `match` must be `all` or a mapping of card fields, found the string \"every\""),
                ("5️⃣", .error, "`max_until` must be a number of days such as 90d, found \"12w\""),
                ("6️⃣", .error, "a rule's `countries` takes `deny` or `allow_only`, not both; write two rules"),
                ("7️⃣", .error, "a required field must be one of fallback_account, account, limits.purchase, limits.atm, countries, found \"iban\""),
                ("8️⃣", .error, "`protect` must be true or false, found the string \"yes\""),
                ("9️⃣", .error, "a rule's `match` needs at least one of type, product_type")
            ])
    }

    @Test func badConstraintValuesAreReportedAtTheValue() {
        expectDiagnostics(
            """
            version: 1
            rules:
              - name: r
                max_limits: {purchase: 1️⃣5000, atm: 2️⃣0 EURO}
                countries: {allow_only: [NL, 3️⃣nl, 4️⃣NO, 5️⃣NL]}
                require: [account, 6️⃣account]
                cvc2: 7️⃣generated
                max_until: 8️⃣0d
              - 9️⃣{name: q, protect: false}
            """,
            [
                ("1️⃣", .error, "`purchase` must be an amount such as \"100.00 EUR\""),
                ("2️⃣", .error, "EURO"),
                ("3️⃣", .error, "country codes are upper case: NL"),
                ("4️⃣", .error, "YAML reads a bare NO as the boolean false"),
                ("5️⃣", .error, "country NL is listed twice"),
                ("6️⃣", .error, "`account` is required twice"),
                ("7️⃣", .error, "did you mean GENERATED?"),
                ("8️⃣", .error, "`max_until` must be 1d to 9999d, found 0d"),
                ("9️⃣", .error, "rule `q` checks nothing")
            ])
    }

    @Test func aRuleNameIsDefinedOnceAcrossFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("teams"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "version: 1\nrules:\n  - name: max-card-limit\n    max_limits: {purchase: 5000 EUR}\n".write(
            to: directory.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        try """
        version: 1
        rules:
          - {name: max-card-limit, protect: true}
        cards:
          - name: bob
            match: {last4: "1234"}
            limits:
              purchase: 8000 EUR
        """.write(to: directory.appendingPathComponent("teams/sales.yaml"), atomically: true, encoding: .utf8)
        let root = directory.path
        let result = PolicyLoader.load(paths: [root], now: testNow)
        #expect(
            result.diagnostics.map(\.description) == [
                "\(root)/teams/sales.yaml:3:5: error: rule `max-card-limit` is defined twice (first at \(root)/rules.yaml:3:5)",
                "\(root)/teams/sales.yaml:8:17: error: purchase limit 8000.00 EUR breaks rule max-card-limit (\(root)/rules.yaml:3:5): at most 5000.00 EUR"
            ])
    }
}
