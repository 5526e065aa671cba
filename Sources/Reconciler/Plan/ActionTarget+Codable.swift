import PolicyModel

/// The plan JSON form of a target: a `type` and the ids it needs, e.g.
/// `{"type": "generated_cvc2", "card_id": 10, "generated_cvc2_id": 7}`.
extension ActionTarget: Codable {
    enum CodingKeys: String, CodingKey {
        case type
        case cardId = "card_id"
        case generatedCvc2Id = "generated_cvc2_id"
        case pinnedChainId = "pinned_chain_id"
        case scope
        case monetaryAccountId = "monetary_account_id"
    }

    enum TargetType: String, Codable, CaseIterable {
        case card
        case generatedCvc2 = "generated_cvc2"
        case pinnedChains = "pinned_chains"
        case pinnedChain = "pinned_chain"
        case notificationFilters = "notification_filters"
    }

    /// Which filter endpoint: the user's url, push or email filters, or an account's url filters
    /// (then `monetary_account_id` names the account).
    enum ScopeName: String, Codable, CaseIterable { case url, push, email }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(TargetType.self, forKey: .type) {
        case .card:
            self = .card(id: try container.decode(Int.self, forKey: .cardId))
        case .generatedCvc2:
            self = .generatedCvc2(
                cardId: try container.decode(Int.self, forKey: .cardId),
                entryId: try container.decodeIfPresent(Int.self, forKey: .generatedCvc2Id))
        case .pinnedChains:
            self = .pinnedChains
        case .pinnedChain:
            self = .pinnedChain(id: try container.decode(Int.self, forKey: .pinnedChainId))
        case .notificationFilters:
            let name = try container.decode(ScopeName.self, forKey: .scope)
            let account = try container.decodeIfPresent(Int.self, forKey: .monetaryAccountId)
            switch (name, account) {
            case (.url, nil): self = .notifications(.userURL)
            case (.push, nil): self = .notifications(.userPush)
            case (.email, nil): self = .notifications(.userEmail)
            case (.url, let account?): self = .notifications(.accountURL(account))
            case (_, .some):
                throw DecodingError.dataCorruptedError(
                    forKey: .monetaryAccountId, in: container,
                    debugDescription: "only url filters belong to a monetary account")
            }
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .card(let id):
            try container.encode(TargetType.card, forKey: .type)
            try container.encode(id, forKey: .cardId)
        case .generatedCvc2(let cardId, let entryId):
            try container.encode(TargetType.generatedCvc2, forKey: .type)
            try container.encode(cardId, forKey: .cardId)
            try container.encodeIfPresent(entryId, forKey: .generatedCvc2Id)
        case .pinnedChains:
            try container.encode(TargetType.pinnedChains, forKey: .type)
        case .pinnedChain(let id):
            try container.encode(TargetType.pinnedChain, forKey: .type)
            try container.encode(id, forKey: .pinnedChainId)
        case .notifications(let scope):
            try container.encode(TargetType.notificationFilters, forKey: .type)
            switch scope {
            case .userURL: try container.encode(ScopeName.url, forKey: .scope)
            case .userPush: try container.encode(ScopeName.push, forKey: .scope)
            case .userEmail: try container.encode(ScopeName.email, forKey: .scope)
            case .accountURL(let account):
                try container.encode(ScopeName.url, forKey: .scope)
                try container.encode(account, forKey: .monetaryAccountId)
            }
        }
    }

    /// A canonical text of the target for the plan id, so editing it changes the id.
    var identity: String {
        switch self {
        case .card(let id): return "card \(id)"
        case .generatedCvc2(let cardId, let entryId): return "generated_cvc2 \(cardId) \(entryId.map(String.init) ?? "new")"
        case .pinnedChains: return "pinned_chains"
        case .pinnedChain(let id): return "pinned_chain \(id)"
        case .notifications(let scope): return "notification_filters \(scope)"
        }
    }
}
