/// What plan JSON adds for machines (a CI job's `jq`, a policy engine), derived from the
/// plan when it is written and ignored when it is read, so it can never disagree with what
/// apply acts on: each request's body parsed next to its bytes, and each action's guards.
/// Like the summary, they are left out of the plan id, which covers what they follow from;
/// so making the id does not parse every body.
extension CodingUserInfoKey {
    /// Set (to true) by the encoder of the plan document: write the derived keys.
    static let planDerivedKeys = CodingUserInfoKey(rawValue: "cardpolicy.plan.derivedKeys")!
}

extension Encoder {
    var writesDerivedPlanKeys: Bool { userInfo[.planDerivedKeys] as? Bool == true }
}

extension PlannedRequest {
    enum EncodingKeys: String, CodingKey {
        case method, path, body
        case bodyJSON = "body_json"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: EncodingKeys.self)
        try container.encode(method, forKey: .method)
        try container.encode(path, forKey: .path)
        try container.encodeIfPresent(body, forKey: .body)
        if encoder.writesDerivedPlanKeys { try container.encodeIfPresent(bodyJSON, forKey: .bodyJSON) }
    }

    /// The body as a JSON value, parsed from the bytes sent; nil without a body (a DELETE).
    public var bodyJSON: PlanValue? { body.flatMap(PlanValue.parsing) }
}

extension PlanAction {
    /// The apply flags that unlock a guarded action, in the order apply checks them.
    public enum Guard: String, CaseIterable, Sendable {
        case irreversible = "--allow-irreversible"
        case reprint = "--allow-reprint"
        case protected = "--allow-protected"
    }

    /// What `apply` needs to be passed to make this action: empty when nothing guards it.
    /// The plan-wide guards (`--max-changes`, `--max-deletes`) count over the whole plan and
    /// are read from its summary.
    public var guards: [Guard] {
        var guards: [Guard] = []
        if irreversible { guards.append(.irreversible) }
        if mayReprint { guards.append(.reprint) }
        if isProtected { guards.append(.protected) }
        return guards
    }

    enum EncodingKeys: String, CodingKey {
        case id, kind, resource, changes, target, request, irreversible, sources, ledger, reprint, rules, guards
        case liveDigest = "live_digest"
        case protectedBy = "protected_by"
    }

    /// Every stored member and then `guards`. A member added to the action must be written
    /// here too: the round-trip test of saved plans fails until it is.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: EncodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(resource, forKey: .resource)
        try container.encode(changes, forKey: .changes)
        try container.encode(target, forKey: .target)
        try container.encode(request, forKey: .request)
        try container.encode(irreversible, forKey: .irreversible)
        try container.encode(sources, forKey: .sources)
        try container.encode(liveDigest, forKey: .liveDigest)
        try container.encodeIfPresent(ledger, forKey: .ledger)
        try container.encodeIfPresent(reprint, forKey: .reprint)
        try container.encodeIfPresent(protectedBy, forKey: .protectedBy)
        try container.encodeIfPresent(rules, forKey: .rules)
        if encoder.writesDerivedPlanKeys { try container.encode(guards.map(\.rawValue), forKey: .guards) }
    }
}
