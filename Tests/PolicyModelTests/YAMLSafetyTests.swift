import Foundation
import PolicyModel
import Testing

@Suite("YAML-level errors and hostile input")
struct YAMLSafetyTests {
    @Test func syntaxErrorsCarryTheParsersPosition() {
        let result = PolicyLoader.load(text: "version: 1\ncards:\n  - name: [a\n", path: "t.yaml", now: testNow)
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.description.hasPrefix("t.yaml:4:1: error: YAML syntax:") == true, "\(result.diagnostics)")
    }

    @Test func anUnclosedFlowCollectionOrStringNamesWhereItBegan() {
        // libyaml finds the problem at the end of the file; the line it began on is the mistake.
        let mapping = PolicyLoader.load(text: "version: 1\ncards:\n  - name: a\n    match: {id: 1\n    limits: {atm: 0 EUR}\n\n", path: "t.yaml", now: testNow)
        #expect(
            mapping.diagnostics.map(\.description) == [
                "t.yaml:5:11: error: YAML syntax: did not find expected ',' or '}' (while parsing a flow mapping that starts at line 4, column 12)"
            ])
        let string = PolicyLoader.load(text: "version: 1\ncards:\n  - name: \"alice\n    match: {id: 1}\n", path: "t.yaml", now: testNow)
        #expect(
            string.diagnostics.map(\.description) == [
                "t.yaml:5:1: error: YAML syntax: found unexpected end of stream (while scanning a quoted scalar that starts at line 3, column 11)"
            ])
    }

    @Test func duplicateKeysPointAtTheSecondOne() {
        expectDiagnostics(
            """
            version: 1
            cards:
              - name: a
                match: {id: 1}
                limits: {atm: 0 EUR}
                1️⃣limits: {atm: 1 EUR}
            """, [("1️⃣", .error, "duplicate key `limits` (first defined at 5:5)")])
    }

    @Test func tabsAreExplained() {
        let result = PolicyLoader.load(text: "version: 1\ncards:\n\t- name: a\n", path: "t.yaml", now: testNow)
        #expect(result.diagnostics.map(\.description) == ["t.yaml:3:1: error: tab character: YAML indentation must use spaces"])
    }

    @Test func twoDocumentsEmptyFilesAndMissingVersion() {
        expectDiagnostics("version: 1\n1️⃣---\nversion: 1\n", [("1️⃣", .error, "a second YAML document")])
        expectDiagnostics("1️⃣", [("1️⃣", .error, "file is empty")])
        expectDiagnostics("1️⃣# only a comment\n", [("1️⃣", .error, "file is empty")])
        // Markdown named on the command line: its heading is a YAML comment, not emptiness.
        expectDiagnostics(
            "1️⃣# hi\n", path: "notes.md",
            [("1️⃣", .error, "not a policy file: as YAML it holds nothing, or only comments; policies are YAML files (*.yaml, *.yml)")])
        expectDiagnostics("1️⃣cards: []\n", [("1️⃣", .error, "missing `version: 1`")])
        expectDiagnostics("version: 1️⃣2\n", [("1️⃣", .error, "unsupported policy version 2")])
        expectDiagnostics("1️⃣- version: 1\n", [("1️⃣", .error, "a policy file must be a mapping, found a list")])
        expectDiagnostics("version: 1\n1️⃣card: []\n", [("1️⃣", .error, "did you mean `cards`?")])
    }

    @Test func invalidUTF8AndNulBytesAreErrorsNotCrashes() {
        var bytes = Array("version: 1\ncards: []\n".utf8)
        bytes.insert(0xFF, at: 13)
        let result = PolicyLoader.load(data: Data(bytes), path: "t.yaml", now: testNow)
        #expect(result.diagnostics.map(\.description) == ["t.yaml:2:3: error: file is not valid UTF-8 text"])
        let nul = PolicyLoader.load(text: "version: 1\n\u{0}\n", path: "t.yaml", now: testNow)
        #expect(nul.diagnostics.first?.message.contains("NUL") == true)
    }

    @Test func aBillionLaughsStopsQuicklyWithAClearError() {
        var yaml = "version: 1\nl0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ",")
            yaml += "l\(level): &l\(level) [\(refs)]\n"
        }
        let start = Date()
        let result = PolicyLoader.load(text: yaml, path: "bomb.yaml", now: testNow)
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(
            result.diagnostics.map(\.description) == [
                "bomb.yaml:1:1: error: aliases expand this file beyond \(100_000 + 10 * yaml.utf8.count) YAML nodes; anchors and aliases may share settings, not multiply them"
            ])
    }

    @Test func anAliasBombUsedAsAKeyIsRefusedWithoutBeingExpanded() {
        var yaml = "version: 1\nx: &l0 [a,a,a,a,a,a,a,a,a]\n"
        for level in 1...9 {
            yaml += "y\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ",") + "]\n"
        }
        yaml += "z:\n  ? *l9\n  : boom\n"
        let start = Date()
        let result = PolicyLoader.load(text: yaml, path: "t.yaml", now: testNow)
        #expect(Date().timeIntervalSince(start) < 2)
        // The anchors alone pass the budget (their sizes are known without expanding them),
        // before the key that uses one is reached.
        #expect(
            result.diagnostics.map(\.description) == [
                "t.yaml:1:1: error: aliases expand this file beyond \(100_000 + 10 * yaml.utf8.count) YAML nodes; anchors and aliases may share settings, not multiply them"
            ])
    }

    @Test func anAliasAsAKeyIsRefusedWhereItIs() {
        let yaml = "version: 1\nx: &name cards\nnotifications:\n  *name : 1\n"
        let result = PolicyLoader.load(text: yaml, path: "t.yaml", now: testNow)
        #expect(result.diagnostics.map(\.description) == ["t.yaml:4:3: error: a key in a policy file must be a plain name, not an alias or a collection"])
    }

    @Test func aCollectionAsAKeyIsNamedByTheReader() {
        let result = PolicyLoader.load(text: "version: 1\n? [a, b]\n: 1\n", path: "t.yaml", now: testNow)
        #expect(result.diagnostics.map(\.description) == ["t.yaml:2:3: error: keys in a policy file must be plain names, found a list"])
    }

    @Test func nestingDeeperThanAnyPolicyIsRefusedNotRecursedInto() {
        let yaml = "version: 1\ncards: " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "\n"
        let result = PolicyLoader.load(text: yaml, path: "deep.yaml", now: testNow)
        // The root mapping is level 0, so the 200th `[` (column 8 + 199) is one too many.
        #expect(result.diagnostics.map(\.description) == ["deep.yaml:2:207: error: YAML nested deeper than 200 levels; a policy nests a few"])
        // Deeper still, libyaml stops first, at its own limit.
        let deeper = "version: 1\ncards: " + String(repeating: "[", count: 100_000) + "\n"
        #expect(PolicyLoader.load(text: deeper, path: "deep.yaml", now: testNow).diagnostics.map(\.message).first?.contains("nesting") == true)
    }

    @Test func aliasesThatShareSettingsStillWork() throws {
        let policy = try #require(
            loadValid(
                """
                version: 1
                cards:
                  - {name: a, match: {id: 1}, countries: &eu [NL, BE, DE]}
                  - {name: b, match: {id: 2}, countries: *eu, limits: {atm: "0 EUR"}}
                """))
        #expect(policy.cards[1].settings.countries?.value.map(\.country) == ["NL", "BE", "DE"])
        #expect(policy.cards[1].settings.atmLimit?.value.description == "0.00 EUR")
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() {
        for depth in [200, 999, 5_000, 100_000] {
            let yaml = "version: 1\ncards: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
            let result = PolicyLoader.load(text: yaml, path: "t.yaml", now: testNow)
            #expect(result.hasErrors, "depth \(depth)")
        }
        let blocks = "version: 1\ncards:\n" + (0..<3_000).map { String(repeating: " ", count: $0 + 1) + "- " }.joined(separator: "\n") + "x\n"
        #expect(PolicyLoader.load(text: blocks, path: "t.yaml", now: testNow).hasErrors)
    }
}
