import Foundation
import Reconciler

/// A saved plan as `show` and `apply --plan` read it: one way to load it and one set of
/// refusals, so what `show` displays is exactly what `apply --plan` would act on.
enum SavedPlanFile {
    /// The plan in `path`, refused when it is unreadable, of another format, or edited after
    /// cardpolicy wrote it.
    static func load(_ path: String) throws -> Plan {
        let saved: Plan
        do {
            saved = try PlanJSON.decode(Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            if let text = FileErrorText.describe(error) { throw CommandFailure("cannot read the saved plan \(text)") }
            let reason = error is DecodingError ? "it is not a plan that `cardpolicy plan --out` wrote" : "\(error)"
            throw CommandFailure("cannot read the saved plan \(path): \(reason)")
        }
        // What was reviewed is what the id was made from: an edited change, request or target must not be used.
        guard saved.idMatchesActions else {
            throw CommandFailure(
                "the saved plan \(path) was changed after cardpolicy wrote it (its plan id does not match its actions); nothing was written: plan again")
        }
        return saved
    }

    /// Refuses a plan made against another API (or emulator state), or one past its expiry:
    /// the live digests would be compared with another bank's cards, or with a state so old
    /// that the review no longer speaks for it.
    static func checkProvenance(_ plan: Plan, path: String, apiURL: String, now: Date = Date()) throws {
        guard let planned = plan.apiURL, let expiry = plan.expiryDate else {
            throw CommandFailure(
                "the saved plan \(path) does not say which API it was planned against and until when (only `cardpolicy plan --out` saves a plan); nothing was written: plan again with `cardpolicy plan --out`"
            )
        }
        guard planned == apiURL else {
            throw CommandFailure(
                "the saved plan \(path) was planned against \(planned), but this apply talks to \(apiURL); nothing was written: apply it with the connection options it was planned with, or plan again"
            )
        }
        guard now < expiry else {
            throw CommandFailure(
                "the saved plan \(path) expired at \(plan.expiresAt ?? ""); nothing was written: plan again (`plan --plan-ttl` sets how long a saved plan stays valid)"
            )
        }
    }
}
