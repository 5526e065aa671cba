import Foundation
import Yams

/// Reads one policy file's YAML tree into a fragment of the policy.
struct PolicyFileParser {
    static let topLevelKeys = ["version", "cards", "card_groups", "certificates", "notifications"]

    static func parse(_ source: YAMLSource, baseDirectory: String, now: Date) -> (PolicyFragment, DiagnosticLog) {
        let reader = NodeReader(path: source.path, now: now)
        var fragment = PolicyFragment(path: source.path)
        guard let root = reader.mapping(source.root, "a policy file") else { return (fragment, reader.log) }
        var sawVersion = false
        for entry in reader.entries(root, allowed: topLevelKeys, in: "a policy file") {
            switch entry.key {
            case "version":
                sawVersion = true
                if let version = reader.integer(entry.value, "`version`"), version != Policy.version {
                    reader.error(entry.value, "unsupported policy version \(version); this cardpolicy reads version \(Policy.version)")
                }
            case "cards":
                guard let items = reader.sequence(entry.value, "`cards`") else { continue }
                fragment.cards = items.compactMap(reader.cardEntry)
            case "card_groups":
                guard let items = reader.sequence(entry.value, "`card_groups`") else { continue }
                fragment.cardGroups = items.compactMap(reader.cardGroup)
            case "certificates":
                guard let items = reader.sequence(entry.value, "`certificates`") else { continue }
                fragment.certificates = items.compactMap { reader.certificateChain($0, baseDirectory: baseDirectory) }
            default:
                fragment.notifications = reader.notificationScopes(entry.value)
            }
        }
        if !sawVersion {
            reader.error(source.root, "missing `version: \(Policy.version)` (required in every policy file)")
        }
        return (fragment, reader.log)
    }
}
