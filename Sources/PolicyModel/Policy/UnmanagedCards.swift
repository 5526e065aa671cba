/// What to do about live cards that no `cards` entry or `card_groups` match covers:
/// `unmanaged:` at the top of a policy file.
public enum UnmanagedCards: String, Hashable, Sendable, CaseIterable, Codable {
    /// Say nothing about them.
    case ignore
    /// List them in plans and drift reports (the default): a card nobody declared is worth knowing about.
    case report
    /// List them, and make `drift` fail while there are any: for teams that want every card declared.
    case error

    public static let `default` = UnmanagedCards.report
}

extension NodeReader {
    func unmanagedCards(_ node: YAMLNode) -> UnmanagedCards? {
        word(node, "`unmanaged`", oneOf: UnmanagedCards.allCases.map(\.rawValue)).flatMap(UnmanagedCards.init(rawValue:))
    }
}
