/// Everything a policy repository declares, merged from all its files.
public struct Policy: Hashable, Sendable {
    /// The files read, in the order they were merged (sorted by path).
    public var files: [String]
    public var cards: [CardEntry]
    public var cardGroups: [CardGroup]
    /// Invariants every card they match must keep, checked before anything is planned.
    public var rules: [CardRule]
    /// nil when no file has `certificates:`; then pinned chains are left alone.
    public var certificates: [PinnedCertificateChain]?
    /// Only the scopes some file declares; each is owned completely.
    public var notifications: [DeclaredNotificationScope]
    /// `unmanaged:` where a file set it; nil means the default, `report`.
    public var unmanagedSetting: Located<UnmanagedCards>?

    public init(
        files: [String] = [], cards: [CardEntry] = [], cardGroups: [CardGroup] = [],
        certificates: [PinnedCertificateChain]? = nil, notifications: [DeclaredNotificationScope] = [],
        unmanaged: Located<UnmanagedCards>? = nil, rules: [CardRule] = []
    ) {
        self.rules = rules
        self.files = files
        self.cards = cards
        self.cardGroups = cardGroups
        self.certificates = certificates
        self.notifications = notifications
        self.unmanagedSetting = unmanaged
    }

    /// What plans and drift do about live cards the policy does not cover.
    public var unmanaged: UnmanagedCards { unmanagedSetting?.value ?? .default }

    /// The only policy language version this build reads.
    public static let version = 1
}

/// What one file contributes before the files are merged.
struct PolicyFragment {
    var path: String
    var cards: [CardEntry] = []
    var cardGroups: [CardGroup] = []
    var rules: [CardRule] = []
    var certificates: [PinnedCertificateChain]?
    var notifications: [DeclaredNotificationScope] = []
    var unmanaged: Located<UnmanagedCards>?
}
