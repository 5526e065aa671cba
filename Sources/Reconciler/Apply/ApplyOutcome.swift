/// How an apply ended.
public enum ApplyOutcome: Sendable {
    /// Every action was already done (by this plan's earlier runs) or there was nothing to do.
    case nothingToDo
    /// A saved plan that bunq already holds, whoever applied it: every action's target shows
    /// what its request asks for and has moved on from the state the plan was made from.
    /// Nothing was written.
    case alreadyApplied
    /// A guard stopped it before the first write; nothing was written.
    case blocked([String])
    /// A saved plan's live fields changed since it was made; nothing was written.
    case stale([String])
    /// Everything written and read back as planned.
    case applied(ApplyReport)
    /// Some writes were done (or may have been), then one failed; a re-run resumes.
    case partlyApplied(ApplyReport, failure: String)
    /// bunq refused the first write outright: nothing was changed.
    case failed(String)
    /// The writes were made but bunq does not show what they asked for.
    case verificationFailed(ApplyReport, mismatches: [String])
    /// SIGINT or SIGTERM arrived during the writes: the write in flight was finished and
    /// journaled, the rest left for a re-run.
    case interrupted(ApplyReport)
}

/// What an apply did.
public struct ApplyReport: Sendable {
    public var done: [String] = []
    public var skipped: [String] = []
    /// Actions sent without a clear answer: bunq may hold them. A re-run re-reads them and
    /// sends again only what bunq does not show.
    public var unsettled: [String] = []
    /// Actions not started.
    public var left: [String] = []
    public var seconds: Double = 0
}

/// An apply that cannot go on.
public struct ApplyError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
