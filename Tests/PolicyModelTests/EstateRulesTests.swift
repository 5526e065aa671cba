import Foundation
import PolicyModel
import Testing

@Suite("policy rules for the whole card estate: unmanaged, holder")
struct EstateRulesTests {
    @Test func unmanagedIsOneOfThreeWordsAndDefaultsToReport() throws {
        #expect(loadValid("version: 1\n")?.unmanaged == .report)
        #expect(loadValid("version: 1\nunmanaged: error\n")?.unmanaged == .error)
        #expect(loadValid("version: 1\nunmanaged: ignore\n")?.unmanaged == .ignore)
        expectDiagnostics(
            "version: 1\nunmanaged: 1️⃣reprot\n", [("1️⃣", .error, "`unmanaged` must be one of ignore, report, error, found \"reprot\"; did you mean report?")])
        expectDiagnostics("version: 1\nunmanaged: 1️⃣[error]\n", [("1️⃣", .error, "`unmanaged`")])
    }

    @Test func filesThatSetUnmanagedMustAgree() throws {
        let directory = try TemporaryDirectory()
        try directory.write("a.yaml", "version: 1\nunmanaged: error\n")
        try directory.write("b.yaml", "version: 1\nunmanaged: error\n")
        #expect(PolicyLoader.load(paths: [directory.path], now: testNow).policy?.unmanaged == .error)
        try directory.write("c.yaml", "version: 1\nunmanaged: ignore\n")
        let result = PolicyLoader.load(paths: [directory.path], now: testNow)
        #expect(
            result.diagnostics.map(\.description) == [
                "\(directory.path)/c.yaml:2:12: error: `unmanaged` is ignore here but error at \(directory.path)/a.yaml:2:12; set it once for the repository"
            ])
    }

    @Test func holderSelectsAnEmployeeCardByUserId() throws {
        let policy = loadValid(
            "version: 1\ncards:\n  - {name: bob, match: {holder: 2078610}}\ncard_groups:\n  - {name: staff, match: {holder: 7, type: MAESTRO}, limits: {atm: 0 EUR}}\n"
        )
        #expect(policy?.cards.first?.selector.value == .holder(2078610))
        #expect(policy?.cards.first?.selector.value.isExplicit == true)
        #expect(policy?.cardGroups.first?.match.holder == 7)
        expectDiagnostics(
            "version: 1\ncards:\n  - {name: bob, match: {holder: 1️⃣B. Jansen}}\ncard_groups:\n  - {name: staff, match: {holder: 2️⃣-3}}\n",
            [("1️⃣", .error, "`holder`"), ("2️⃣", .error, "`holder`")])
    }
}
