import Foundation
import Testing

@testable import Reconciler

/// The ledger and the archived plans are written like the API context: whole or not at all,
/// and readable only by the user running cardpolicy (they say what bunq was told).
@Suite("state file modes")
struct StateFileModeTests {
    static func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as! NSNumber).intValue & 0o777
    }

    @Test func ledgerAndPlanArchiveArePrivate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cardpolicy-tests-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ledgerPath = directory + "/state/state.json"
        try Ledger().save(path: ledgerPath)
        #expect(try Self.mode(of: ledgerPath) == 0o600)
        #expect(try Ledger.load(path: ledgerPath) == Ledger())

        let archive = PlanArchive(besideJournal: directory + "/state/journal.jsonl")
        let plan = try RendererGoldenTests.plan()
        try archive.save(plan)
        #expect(try Self.mode(of: archive.directory + "/\(plan.planId).json") == 0o600)
        #expect(try archive.load(planId: plan.planId) == plan)
        #expect(try FileManager.default.contentsOfDirectory(atPath: archive.directory) == ["\(plan.planId).json"])
    }
}
