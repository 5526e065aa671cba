import BunqAPI
import PolicyModel

/// One card's PUT while the card fields add to it: the typed body, the changes a plan shows,
/// and what stops or accompanies it.
struct CardPutDraft {
    var update: CardUpdate
    var changes: [FieldChange] = []
    var sources: [SourceLocation] = []
    var conflicts: [PlanConflict] = []
    var errors: [Diagnostic] = []
    var ledger: LedgerEntry?
    var irreversible = false
    /// A name change on a physical card: bunq may print and send a new card.
    var reprint = false

    mutating func change(_ change: FieldChange, from source: SourceLocation) {
        changes.append(change)
        sources.append(source)
    }

    mutating func conflict(_ card: DesiredCard, _ source: SourceLocation, _ message: String) {
        conflicts.append(PlanConflict(resource: card.resource, message: message, source: source))
    }
}
