/// Merges the fragments of several files; a name or scope defined twice is an error.
enum PolicyMerge {
    static func merge(_ fragments: [PolicyFragment], log: inout DiagnosticLog) -> Policy {
        var policy = Policy(files: fragments.map(\.path))
        var cardNames: [String: SourceLocation] = [:]
        var groupNames: [String: SourceLocation] = [:]
        var ruleNames: [String: SourceLocation] = [:]
        var chainNames: [String: SourceLocation] = [:]
        var chainContents: [[String]: (name: String, location: SourceLocation)] = [:]
        var scopes: [NotificationScope: SourceLocation] = [:]

        func claim(_ name: String, _ location: SourceLocation, in names: inout [String: SourceLocation], _ kind: String) -> Bool {
            if let first = names[name] {
                log.error(location, "\(kind) `\(name)` is defined twice (first at \(first))")
                return false
            }
            names[name] = location
            return true
        }

        for fragment in fragments {
            if let setting = fragment.unmanaged {
                // One repository, one rule: two files disagreeing would make the outcome depend on file order.
                if let first = policy.unmanagedSetting, first.value != setting.value {
                    log.error(
                        setting.location,
                        "`unmanaged` is \(setting.value.rawValue) here but \(first.value.rawValue) at \(first.location); set it once for the repository")
                } else if policy.unmanagedSetting == nil {
                    policy.unmanagedSetting = setting
                }
            }
            policy.cards += fragment.cards.filter { claim($0.name, $0.location, in: &cardNames, "card") }
            policy.cardGroups += fragment.cardGroups.filter { claim($0.name, $0.location, in: &groupNames, "card group") }
            policy.rules += fragment.rules.filter { claim($0.name, $0.location, in: &ruleNames, "rule") }
            if let chains = fragment.certificates {
                let kept = chains.filter { chain in
                    guard claim(chain.name, chain.location, in: &chainNames, "certificate") else { return false }
                    // bunq holds one pin per chain: a second name for it would be POSTed on every run.
                    let fingerprints = chain.certificates.map(\.fingerprint)
                    if !fingerprints.isEmpty, let first = chainContents[fingerprints] {
                        log.error(
                            chain.location, "certificate `\(chain.name)` is the same chain as `\(first.name)` (at \(first.location)); declare each chain once")
                        return false
                    }
                    chainContents[fingerprints] = (chain.name, chain.location)
                    return true
                }
                policy.certificates = (policy.certificates ?? []) + kept
            }
            for declared in fragment.notifications {
                // An owned set split over files would be easy to misread: one file per scope.
                if let first = scopes[declared.scope] {
                    log.error(declared.location, "\(declared.scope) is declared twice (first at \(first)); declare each notification scope in one place")
                    continue
                }
                scopes[declared.scope] = declared.location
                policy.notifications.append(declared)
            }
        }
        policy.notifications.sort { $0.scope < $1.scope }
        return policy
    }
}
