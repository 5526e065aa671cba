import BunqAPI
import Foundation

/// Applied plans, kept beside the journal so a later run can settle their unanswered writes.
struct PlanArchive {
    let directory: String

    /// `plans/` in the journal's directory.
    init(besideJournal journalPath: String) {
        directory = ((journalPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("plans")
    }

    func save(_ plan: Plan) throws {
        try AtomicFileWriter.write(Data(PlanJSON.render(plan).utf8), to: (directory as NSString).appendingPathComponent("\(plan.planId).json"))
    }

    func load(planId: String) throws -> Plan {
        try PlanJSON.decode(Data(contentsOf: URL(fileURLWithPath: (directory as NSString).appendingPathComponent("\(planId).json"))))
    }
}
