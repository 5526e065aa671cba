import Foundation

/// What one apply has done so far, as its steps run.
struct ApplyRun {
    var report = ApplyReport()
    var ledger = Ledger()
    /// Actions this run is to do, and how many of them are done or settled so far.
    var total = 0
    var started = 0
    /// Requests made so far per endpoint, for the estimate of the rest.
    var sent: [PacingEstimate.Bucket: Int] = [:]

    mutating func interrupted(left: [PlanAction], since start: Date) -> ApplyOutcome {
        report.left = left.map(\.id)
        report.seconds = Date().timeIntervalSince(start)
        return .interrupted(report)
    }

    /// `[1-100/250] card-batch/1: POST /user/1/card-batch → 200: 100 cards updated · 150 left, about 3 s to go`
    mutating func progressLine(_ batch: PlannedCardBatch, members: [PlanAction], sent: CardBatchSent, later: [ApplyStep]) -> String {
        let first = started - sent.done.count + 1
        let range = sent.done.isEmpty ? "\(started)" : first == started ? "\(started)" : "\(first)-\(started)"
        var what = "\(sent.byAnswer) of \(members.count) cards updated"
        if sent.byReading > 0 { what += ", \(sent.byReading) found done by reading them back" }
        if !sent.leftover.isEmpty { what += ", \(sent.leftover.count) to send as PUTs" }
        let remaining = sent.leftover.count + later.reduce(0) { $0 + $1.actions.count }
        let steps = sent.leftover.map(ApplyStep.single) + later
        self.sent[PacingEstimate.bucket(.batch(batch, members: members)), default: 0] += 1
        let eta = steps.isEmpty ? "" : ", \(PacingEstimate.describe(PacingEstimate.seconds(for: steps, sent: self.sent))) to go"
        return "[\(range)/\(total)] \(batch.id): \(batch.request.method) \(batch.request.path) → \(sent.answer): \(what) · \(remaining) left\(eta)"
    }
}
