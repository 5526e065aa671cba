import Foundation
import PolicyModel
import Testing

@Suite("second_line and preferred_name_on_card")
struct CardNameRulesTests {
    @Test func bothNamesAreReadWithTheirLines() throws {
        let policy = try #require(
            loadValid(
                """
                version: 1
                cards:
                  - name: alice-travel
                    match: {last4: "8069"}
                    second_line: "Alice Trips"
                    preferred_name_on_card: Zoë de Vries-Ångström
                """))
        let card = try #require(policy.cards.first)
        #expect(card.settings.secondLine?.value == "Alice Trips")
        #expect(card.settings.secondLine?.location.line == 5)
        #expect(card.settings.secondLine?.location.column == 18)
        #expect(card.settings.preferredNameOnCard?.value == "Zoë de Vries-Ångström")
        #expect(card.settings.preferredNameOnCard?.location.line == 6)
    }

    @Test func theLimitsAreExactlySeventeenAndForty() throws {
        let seventeen = String(repeating: "x", count: 17), forty = String(repeating: "y", count: 40)
        let policy = try #require(
            loadValid(
                """
                version: 1
                cards:
                  - {name: a, match: {id: 1}, second_line: "\(seventeen)", preferred_name_on_card: "\(forty)"}
                """))
        #expect(policy.cards.first?.settings.secondLine?.value == seventeen)
        #expect(policy.cards.first?.settings.preferredNameOnCard?.value == forty)
        expectDiagnostics(
            """
            version: 1
            cards:
              - name: a
                match: {id: 1}
                second_line: 1️⃣"\(seventeen)x"
                preferred_name_on_card: 2️⃣"\(forty)y"
            """,
            [
                ("1️⃣", .error, "`second_line` can be at most 17 characters (bunq prints at most 17 on the card), found 18"),
                ("2️⃣", .error, "`preferred_name_on_card` can be at most 40 characters (bunq takes at most 40), found 41")
            ])
    }

    @Test func aNameIsCountedInCodePointsSoItIsNeverLongerForBunq() {
        // "é" written as e + combining accent: 17 characters to a reader, 18 code points.
        let decomposed = String(repeating: "a", count: 16) + "e\u{301}"
        expectDiagnostics(
            """
            version: 1
            cards:
              - {name: a, match: {id: 1}, second_line: 1️⃣"\(decomposed)"}
            """, [("1️⃣", .error, "found 18")])
    }

    @Test func notAStringEmptySpacesAndControlCharactersAreErrors() {
        expectDiagnostics(
            """
            version: 1
            cards:
              - name: a
                match: {id: 1}
                second_line: 1️⃣12345
              - name: b
                match: {id: 2}
                second_line: 2️⃣""
              - name: c
                match: {id: 3}
                second_line: 3️⃣"Alice\\tTrips"
              - name: d
                match: {id: 4}
                preferred_name_on_card: 4️⃣" Alice"
              - name: e
                match: {id: 5}
                preferred_name_on_card: 5️⃣[Alice]
              - name: f
                match: {id: 6}
                preferred_name_on_card: 6️⃣"A\\u0007B"
            """,
            [
                ("1️⃣", .error, "`second_line` must be a string, found the number 12345; quote it"),
                ("2️⃣", .error, "`second_line` must not be empty"),
                ("3️⃣", .error, "`second_line` cannot contain the control character U+0009"),
                ("4️⃣", .error, "`preferred_name_on_card` cannot begin or end with a space"),
                ("5️⃣", .error, "`preferred_name_on_card` must be a string, found a list"),
                ("6️⃣", .error, "`preferred_name_on_card` cannot contain the control character U+0007")
            ])
    }

    @Test func aGroupCannotSetANameForManyCards() {
        expectDiagnostics(
            """
            version: 1
            card_groups:
              - name: g
                match: {type: MAESTRO}
                1️⃣second_line: "Shared"
                2️⃣preferred_name_on_card: "Alice"
            """,
            [
                ("1️⃣", .error, "a group cannot set `second_line`: it names one card"),
                ("2️⃣", .error, "a group cannot set `preferred_name_on_card`: it names one card")
            ])
    }

    @Test func renamingTheLineACardIsMatchedByIsAnErrorThatSaysWhatToDo() {
        expectDiagnostics(
            """
            version: 1
            cards:
              - name: alice-travel
                match: {second_line: "Alice Travel"}
                second_line: 1️⃣"Alice Trips"
            """,
            [
                (
                    "1️⃣", .error,
                    "card `alice-travel` is matched by `second_line: \"Alice Travel\"` and renames it to \"Alice Trips\": after apply that match would find no card; match it by `id` or `last4` instead"
                )
            ])
    }

    @Test func keepingTheLineACardIsMatchedByIsFine() throws {
        let policy = try #require(
            loadValid(
                """
                version: 1
                cards:
                  - name: alice-travel
                    match: {second_line: "Alice Travel"}
                    second_line: "Alice Travel"
                  - name: groceries
                    match: {second_line: "Groceries"}
                    preferred_name_on_card: "Alice de Vries"
                """))
        #expect(policy.cards.count == 2)
    }
}
