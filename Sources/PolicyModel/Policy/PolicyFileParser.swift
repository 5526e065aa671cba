import Foundation

/// Reads one policy file's YAML tree into a fragment of the policy.
struct PolicyFileParser {
    static let topLevelKeys = ["version", "unmanaged", "cards", "card_groups", "rules", "certificates", "notifications"]

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
            case "unmanaged":
                fragment.unmanaged = reader.unmanagedCards(entry.value).map { Located($0, at: reader.location(entry.value)) }
            case "cards":
                guard let items = reader.sequence(entry.value, "`cards`") else { continue }
                fragment.cards = inParallel(Array(items), reader: reader) { $0.cardEntry($1) }
            case "card_groups":
                guard let items = reader.sequence(entry.value, "`card_groups`") else { continue }
                fragment.cardGroups = items.compactMap(reader.cardGroup)
            case "rules":
                guard let items = reader.sequence(entry.value, "`rules`") else { continue }
                fragment.rules = items.compactMap(reader.cardRule)
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

    /// Card entries are independent, so a large list is read on every core: the reading is
    /// nearly half of validating a 10,000-card policy. Each chunk has its own reader and
    /// log; results and diagnostics come back in file order.
    static func inParallel<T>(
        _ items: [YAMLNode], reader: NodeReader, minimumChunk: Int = 1_000,
        _ read: @escaping (NodeReader, YAMLNode) -> T?
    ) -> [T] {
        let chunks = min(ProcessInfo.processInfo.activeProcessorCount, max(1, items.count / minimumChunk))
        guard chunks > 1 else { return items.compactMap { read(reader, $0) } }
        let size = (items.count + chunks - 1) / chunks
        let results = UnsafeMutableBufferPointer<(values: [T], log: DiagnosticLog)>.allocate(capacity: chunks)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let local = NodeReader(path: reader.path, now: reader.now)
            let slice = items[(chunk * size)..<min(items.count, (chunk + 1) * size)]
            let values = slice.compactMap { read(local, $0) }
            (results.baseAddress! + chunk).initialize(to: (values, local.log))
        }
        var values: [T] = []
        values.reserveCapacity(items.count)
        for chunk in 0..<chunks {
            values += results[chunk].values
            reader.log.append(contentsOf: results[chunk].log)
        }
        (results.baseAddress!).deinitialize(count: chunks)
        return values
    }
}
