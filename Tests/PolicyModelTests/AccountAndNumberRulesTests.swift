import Foundation
import PolicyModel
import Testing

@Suite("card accounts and numbers")
struct AccountAndNumberRulesTests {
    @Test func accountTakesAReferenceForPrimaryOrAMappingOfPinTypes() throws {
        let policy = try #require(
            loadValid(
                """
                version: 1
                cards:
                  - name: a
                    match: {last4: "1234"}
                    account: 2078781
                  - name: b
                    match: {last4: "2345"}
                    account: {iban: "NL90 BUNQ 2078 7810 01"}
                  - name: c
                    match: {last4: "3456"}
                    account: {primary: {description: Main}, tertiary: 2078790}
                """))
        #expect(policy.cards[0].settings.account?.value == CardAccounts([.primary: .accountId(2_078_781)]))
        #expect(policy.cards[0].settings.account?.location.line == 5)
        #expect(policy.cards[1].settings.account?.value == CardAccounts([.primary: .iban("NL90BUNQ2078781001")]))
        let mapped = try #require(policy.cards[2].settings.account?.value)
        #expect(mapped.declared.map(\.type) == [.primary, .tertiary])
        #expect(mapped.accounts[.primary] == .description("Main"))
        #expect(mapped.accounts[.tertiary] == .accountId(2_078_790))
    }

    @Test func badAccountValuesAreLocated() {
        expectDiagnostics(
            """
            version: 1
            cards:
              - name: a
                match: {last4: "1234"}
                account: 1️⃣{}
              - name: b
                match: {last4: "2345"}
                account: {primary: 1, 2️⃣quaternary: 2}
              - name: c
                match: {last4: "3456"}
                account: 3️⃣none
              - name: d
                match: {last4: "4567"}
                account: {secondary: 4️⃣0}
              - name: e
                match: {last4: "5678"}
                account: {iban: 5️⃣"NL00 BUNQ 0000 0000 00"}
              - name: f
                match: {last4: "6789"}
                account: 6️⃣{iban: "NL90BUNQ2078781001", description: Main}
              - name: g
                match: {last4: "7890"}
                account: {primary: {7️⃣descr: Main}}
            """,
            [
                ("1️⃣", .error, "`account` needs an account (id, {iban: …} or {description: …}) or at least one of primary, secondary, tertiary"),
                ("2️⃣", .error, "unknown key `quaternary` in `account`"),
                ("3️⃣", .error, "`account` must be an account id, {iban: …} or {description: …}, found"),
                ("4️⃣", .error, "`account.secondary` must be a positive id, found 0"),
                ("5️⃣", .error, "is not a valid IBAN"),
                ("6️⃣", .error, "`account` takes exactly one of `iban` or `description`"),
                ("7️⃣", .error, "unknown key `descr` in `account.primary`")
            ])
    }

    @Test func numbersTakeAPlainListOrACompleteList() throws {
        let policy = try #require(
            loadValid(
                """
                version: 1
                cards:
                  - name: a
                    match: {last4: "7713"}
                    numbers:
                      - {last4: "7713", description: "Shopping"}
                      - {last4: "5120", description: "AWS", status: DEACTIVATED, account: {description: Buffer}}
                  - name: b
                    match: {last4: "2222"}
                    numbers: {complete: true, list: [{last4: "2222", status: ACTIVE}]}
                """))
        let plain = try #require(policy.cards[0].settings.numbers?.value)
        #expect(plain.complete == false)
        #expect(plain.numbers.map(\.last4) == ["7713", "5120"])
        #expect(plain.numbers[0].status == nil && plain.numbers[0].account == nil)
        #expect(plain.numbers[1].status == .deactivated)
        #expect(plain.numbers[1].account == .description("Buffer"))
        #expect(plain.numbers[1].location.line == 7)
        let complete = try #require(policy.cards[1].settings.numbers?.value)
        #expect(complete.complete && complete.numbers.map(\.last4) == ["2222"] && complete.numbers[0].status == .active)
    }

    @Test func badNumbersAreLocated() {
        expectDiagnostics(
            """
            version: 1
            cards:
              - name: a
                match: {last4: "1234"}
                numbers:
                  - {last4: "1234"}
                  - 1️⃣{last4: "1234", description: again}
                  - {last4: 2️⃣5120}
                  - {last4: 3️⃣"512"}
                  - {last4: "9999", status: 4️⃣LOST}
                  - {last4: "8888", 5️⃣colour: red}
                  - 6️⃣{description: "no digits"}
                  - {last4: "7777", account: 7️⃣none}
              - name: b
                match: {last4: "2345"}
                numbers: 8️⃣{complete: true}
              - name: c
                match: {last4: "3456"}
                numbers: {complete: 9️⃣yes-please, list: []}
            """,
            [
                ("1️⃣", .error, "number …1234 is declared twice (first at test.yaml:6:9)"),
                ("2️⃣", .error, "`last4` must be a quoted string such as \"5120\""),
                ("3️⃣", .error, "`last4` must be the last 4 digits of the card number, found \"512\""),
                ("4️⃣", .error, "`status` must be one of ACTIVE, DEACTIVATED, CANCELLED, found \"LOST\""),
                ("5️⃣", .error, "unknown key `colour` in a `numbers` entry"),
                ("6️⃣", .error, "a `numbers` entry needs `last4`"),
                ("7️⃣", .error, "`account` must be an account id, {iban: …} or {description: …}"),
                ("8️⃣", .error, "`numbers` as a mapping needs `list`"),
                ("9️⃣", .error, "`complete` must be true or false")
            ])
        expectDiagnostics(
            """
            version: 1
            cards:
              - name: a
                match: {last4: "1234"}
                numbers: 1️⃣"1234"
            """, [("1️⃣", .error, "`numbers` must be a list of numbers or {complete: …, list: […]}")])
    }

    @Test func aGroupCannotSetNumbersButCanSetAndMatchAccounts() throws {
        expectDiagnostics(
            """
            version: 1
            card_groups:
              - name: virtual
                match: {type: MASTERCARD}
                1️⃣numbers: [{last4: "1234"}]
            """, [("1️⃣", .error, "a group cannot set `numbers`: each card has its own; set them on the card in `cards`")])
        let policy = try #require(
            loadValid(
                """
                version: 1
                card_groups:
                  - name: main-cards
                    match: {account: {iban: "NL90BUNQ2078781001"}}
                    account: {secondary: {description: Buffer}}
                """))
        let group = try #require(policy.cardGroups.first)
        #expect(group.match.account?.value == .iban("NL90BUNQ2078781001"))
        #expect(group.settings.account?.value == CardAccounts([.secondary: .description("Buffer")]))
        expectDiagnostics(
            """
            version: 1
            card_groups:
              - name: g
                match: {account: 1️⃣main}
            """, [("1️⃣", .error, "`account` must be an account id, {iban: …} or {description: …}, found")])
    }

    @Test func theSchemaDeclaresAccountAndNumbersForCardsAndOnlyAccountForGroups() throws {
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(PolicySchema.json().utf8)) as? [String: Any])
        let definitions = try #require(schema["$defs"] as? [String: Any])
        let card = try #require((definitions["card"] as? [String: Any])?["properties"] as? [String: Any])
        let group = try #require((definitions["cardGroup"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(card["account"] != nil && card["numbers"] != nil)
        #expect(group["account"] != nil && group["numbers"] == nil)
        #expect(definitions["cardNumbers"] != nil && definitions["cardAccount"] != nil)
    }
}
