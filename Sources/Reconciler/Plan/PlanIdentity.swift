import Foundation

extension Plan {
    /// The plan id: a digest of the whole plan as JSON with sorted keys, its own id, creation
    /// time and cardpolicy version left out. Whatever a renderer shows (changes, sources,
    /// conflicts, notes, unmanaged cards) and whatever apply acts on (requests, targets, live
    /// digests, batches, guards, where and until when it may be applied) is in it, so a saved
    /// plan cannot be edited to show one thing and send another; a field added to the plan
    /// later is covered without anyone remembering to add it here.
    public var computedId: String {
        var canonical = self
        canonical.planId = ""
        canonical.createdAt = ""
        canonical.cardpolicyVersion = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every member is a string, number, bool, array or keyed container: encoding cannot fail.
        let data = try! encoder.encode(canonical)
        // Hashed as encoded: a 10,000-card plan's JSON is megabytes, not worth two more copies.
        return String(SHA256Hex.of(data).prefix(32))
    }

    /// False when anything in the plan was changed after the plan was made (its id no longer fits).
    public var idMatchesActions: Bool { planId == computedId }

    /// This plan with its id made from what it holds now.
    public func sealed() -> Plan {
        var plan = self
        plan.planId = computedId
        return plan
    }

    /// This plan as a saved plan: where it was planned and when it expires, both under its id.
    public func saved(apiURL: String, expiresAt: Date) -> Plan {
        var plan = self
        plan.apiURL = apiURL
        plan.expiresAt = expiresAt.formatted(.iso8601)
        return plan.sealed()
    }

    /// When the saved plan expires, or nil when it does not say (or says it unreadably).
    public var expiryDate: Date? {
        expiresAt.flatMap { try? Date($0, strategy: .iso8601) }
    }
}
