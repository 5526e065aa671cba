import ArgumentParser
import BunqAPI
import Foundation
import Reconciler

/// `drift --notify`: the post made after the drift was printed, so a receiver that is down
/// never hides what drifted.
enum DriftAlert {
    static let secretVariable = "CARDPOLICY_NOTIFY_SECRET"

    /// The signing secret, nil when the variable is unset. Set but empty is refused: CI
    /// systems expand a secret that was never created to "", and an unsigned post would
    /// then be rejected by a receiver that checks, or accepted by one that does not.
    static func secret() throws -> String? {
        guard let value = ProcessInfo.processInfo.environment[secretVariable] else { return nil }
        guard !value.isEmpty else {
            throw ValidationError("\(secretVariable) is set but empty; unset it to post unsigned, or give it the receiver's secret")
        }
        return value
    }

    /// Posts when the plan shows drift; nothing otherwise. A failed post exits 1.
    static func post(_ plan: Plan, to url: String) async throws {
        guard let notification = DriftNotification(plan) else { return }
        do {
            try await WebhookPost(url: url).send(try notification.body(), secret: try secret())
        } catch let failure as WebhookFailure {
            Terminal.writeError("Error: the drift notification to \(WebhookPost.shown(url)) failed: \(failure.description)\n")
            throw ExitCode.failure
        }
    }
}
