import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every plan the planner makes, appended as one JSON line (the document `PlanJSON.render`
/// writes) to the file named by `CARDPOLICY_PLAN_LOG`.
///
/// It lets a test run check, after the fact, that every plan it produced matches
/// `cardpolicy schema --plan`: the plan's shape is then tested on every plan the suite makes,
/// not on a few samples. Test processes run in parallel and append to one file, so each line
/// is one `write` to a descriptor opened with O_APPEND: lines never interleave. Unset, the
/// cost is one environment lookup per plan.
enum PlanLog {
    static let variable = "CARDPOLICY_PLAN_LOG"

    static func append(_ plan: Plan) {
        guard let path = getenv(variable).map({ String(cString: $0) }), !path.isEmpty else { return }
        // A log that cannot be opened is not the plan's problem: planning goes on unlogged,
        // and the test that reads the log finds the plans missing.
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var line = Array(PlanJSON.line(plan).utf8)
        line.append(UInt8(ascii: "\n"))
        _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
}
