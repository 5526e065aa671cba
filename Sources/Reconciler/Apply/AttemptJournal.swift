import BunqAPI
import Foundation

/// Journals every HTTP attempt the client makes, tagged with the action being applied, and
/// remembers which actions may have taken effect at bunq.
final class AttemptJournal: @unchecked Sendable {
    let journal: Journal
    let planId: String
    private let lock = NSLock()
    private var action = ""
    private var possiblyApplied: Set<String> = []

    init(journal: Journal, planId: String) {
        self.journal = journal
        self.planId = planId
    }

    var current: String {
        get { lock.withLock { action } }
        set { lock.withLock { action = newValue } }
    }

    /// An attempt that got no answer, a 5xx or a 2xx may have changed bunq; only a 4xx
    /// (bunq's refusal) or no attempt at all proves that nothing was done.
    func mayHaveTakenEffect(_ action: String) -> Bool {
        lock.withLock { possiblyApplied.contains(action) }
    }

    func record(_ attempt: AttemptRecord) {
        guard attempt.method != "GET" else { return }
        let action = current
        if attempt.status.map({ !(400..<500).contains($0) }) ?? true {
            _ = lock.withLock { possiblyApplied.insert(action) }
        }
        try? journal.append(
            JournalEntry(
                time: Journal.now(), event: .attempt, planId: planId, action: action,
                requestId: attempt.requestId, method: attempt.method, path: attempt.path,
                status: attempt.status, responseId: attempt.responseId, detail: attempt.failure))
    }
}
