/// One key a policy may set on a card or a group: how the loader reads it, what the JSON
/// Schema allows, and how the planner tells two groups' values apart. The list of them is
/// `CardSettings.fields`, so a new key is declared there once and every one of those follows.
public struct CardSettingField {
    /// The key as a policy writes it, with a dot for a nested key (`limits.atm`).
    public let key: String
    /// Where the key was set, or nil when these settings leave the field alone.
    public let location: (CardSettings) -> SourceLocation?
    /// Whether two settings that both set the field set it to the same value.
    public let agrees: (CardSettings, CardSettings) -> Bool
    /// Sets the field of `target` to the value `source` has.
    public let copy: (CardSettings, inout CardSettings) -> Void
    let read: (NodeReader, YAMLNode, inout CardSettings) -> Void
    let schema: () -> [String: Any]
    /// Why only a `cards` entry may set the field, for the error a group gets; nil when a
    /// group may set it too. Such a value belongs to one card, which a group would give to many.
    var perCardReason: String?

    var perCard: Bool { perCardReason != nil }

    /// A field stored at `path`, read from its value node by `read` (nil when the node was
    /// reported as invalid, which leaves the field unset).
    static func field<Value: Equatable>(
        _ key: String, _ path: WritableKeyPath<CardSettings, Located<Value>?>, schema: @escaping () -> [String: Any],
        same: @escaping (Value, Value) -> Bool = { $0 == $1 }, perCard perCardReason: String? = nil,
        read: @escaping (NodeReader, YAMLNode) -> Value?
    ) -> CardSettingField {
        CardSettingField(
            key: key,
            location: { $0[keyPath: path]?.location },
            agrees: { a, b in
                guard let a = a[keyPath: path]?.value, let b = b[keyPath: path]?.value else { return false }
                return same(a, b)
            },
            copy: { source, target in target[keyPath: path] = source[keyPath: path] },
            read: { reader, node, settings in
                if let value = read(reader, node) { settings[keyPath: path] = Located(value, at: reader.location(node)) }
            },
            schema: schema, perCardReason: perCardReason)
    }

    /// `limits` for `limits.atm`; nil for a key that is not nested.
    var parent: String? { key.firstIndex(of: ".").map { String(key[..<$0]) } }

    /// `atm` for `limits.atm`.
    var leaf: String { key.firstIndex(of: ".").map { String(key[key.index(after: $0)...]) } ?? key }
}
