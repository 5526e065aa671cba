import Foundation
import PolicyModel
import Testing

@Suite("policy files and directories")
struct PolicyFilesTests {
    @Test func theShippedPoliciesAndExamplesAreValid() throws {
        // examples/ci holds CI workflows, not policies.
        for folder in ["policies", "examples/minimal.yaml", "examples/estate.yaml", "examples/reference", "examples/accounts-and-numbers.yaml"] {
            let result = PolicyLoader.load(paths: [repositoryRoot.appendingPathComponent(folder).path], now: testNow)
            #expect(result.diagnostics.isEmpty, "\(folder): \(result.diagnostics.map(\.description))")
            #expect(result.policy != nil)
        }
        let policy = try #require(PolicyLoader.load(paths: [repositoryRoot.appendingPathComponent("policies").path], now: testNow).policy)
        #expect(policy.cards.map(\.name) == ["office-groceries", "alice-travel"])
        #expect(policy.cardGroups.map(\.name) == ["no-cash-for-virtual", "maestro-eu-only"])
        #expect(policy.notifications.map(\.scope) == [.userURL, .userPush, .userEmail, .accountURL(2078781)])
    }

    @Test func aDirectoryIsReadRecursivelyInPathOrderAndMerged() throws {
        let directory = try TemporaryDirectory()
        try directory.write("b/second.yml", "version: 1\ncards:\n  - {name: two, match: {id: 2}}\n")
        try directory.write("a.yaml", "version: 1\ncards:\n  - {name: one, match: {id: 1}}\n")
        try directory.write("notes.txt", "not a policy")
        try directory.write(".git/config.yaml", "not: a policy")
        let result = PolicyLoader.load(paths: [directory.path], now: testNow)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.files.map { ($0 as NSString).lastPathComponent } == ["a.yaml", "second.yml"])
        #expect(result.policy?.cards.map(\.name) == ["one", "two"])
    }

    @Test func namesAndScopesDefinedInTwoFilesAreErrors() throws {
        let directory = try TemporaryDirectory()
        try directory.write("a.yaml", "version: 1\ncards:\n  - {name: one, match: {id: 1}}\nnotifications:\n  push: []\n")
        try directory.write("b.yaml", "version: 1\ncards:\n  - {name: one, match: {id: 2}}\nnotifications:\n  push: []\n")
        let result = PolicyLoader.load(paths: [directory.path], now: testNow)
        let a = directory.path + "/a.yaml", b = directory.path + "/b.yaml"
        #expect(
            result.diagnostics.map(\.description) == [
                "\(b):3:5: error: card `one` is defined twice (first at \(a):3:5)",
                "\(b):5:9: error: notifications.push is declared twice (first at \(a):5:9); declare each notification scope in one place"
            ])
    }

    @Test func missingPathsAndEmptyDirectoriesAreErrors() throws {
        let directory = try TemporaryDirectory()
        let result = PolicyLoader.load(paths: [directory.path, directory.path + "/nope.yaml"], now: testNow)
        #expect(
            result.diagnostics.map(\.description) == [
                "\(directory.path): error: no policy files (*.yaml, *.yml) in this directory",
                "\(directory.path)/nope.yaml: error: no such file or directory"
            ])
    }

    @Test func everyDiagnosticFormatRendersLocations() throws {
        let result = PolicyLoader.load(text: "version: 1\ncards:\n  - {name: a, match: {id: 1}, limits: {atm: \"1,5 EUR\"}}\n", path: "p, q.yaml", now: testNow)
        #expect(
            DiagnosticFormat.text.render(result) == """
                p, q.yaml:3:45: error: `atm` must be a decimal number with `.` for the point (such as 100.00), found "1,5"
                invalid: 1 error, 0 warnings in 1 file

                """)
        #expect(
            DiagnosticFormat.github.render(result).hasPrefix(
                "::error file=p%2C q.yaml,line=3,col=45::`atm` must be a decimal number with `.` for the point (such as 100.00), found \"1,5\"\n"))
        let json = try JSONSerialization.jsonObject(with: Data(DiagnosticFormat.json.render(result).utf8)) as? [String: Any]
        #expect(json?["valid"] as? Bool == false)
        let first = (json?["diagnostics"] as? [[String: Any]])?.first
        #expect(first?["line"] as? Int == 3 && first?["column"] as? Int == 45 && first?["severity"] as? String == "error")
    }
}

/// A scratch directory removed when the test ends.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "cardpolicy-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ text: String) throws {
        let full = (path as NSString).appendingPathComponent(relative)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
