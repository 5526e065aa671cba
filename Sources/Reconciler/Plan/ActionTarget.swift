import PolicyModel

/// What an action writes to, read back from its request path (the plan stores the path,
/// so a saved plan needs nothing else to be checked or verified).
public enum ActionTarget: Hashable, Sendable {
    case card(Int)
    case pinnedChains
    case notifications(NotificationScope)

    public init?(_ request: PlannedRequest) {
        let parts = request.path.split(separator: "/").map(String.init)
        // /user/{u}/card/{id}[/generated-cvc2[/{id}]]
        if parts.count >= 4, parts[0] == "user", parts[2] == "card", let id = Int(parts[3]) {
            self = .card(id)
        } else if parts.count >= 3, parts[0] == "user", parts[2] == "certificate-pinned" {
            self = .pinnedChains
        } else if parts.count == 3, parts[0] == "user" {
            switch parts[2] {
            case "notification-filter-url": self = .notifications(.userURL)
            case "notification-filter-push": self = .notifications(.userPush)
            case "notification-filter-email": self = .notifications(.userEmail)
            default: return nil
            }
        } else if parts.count == 5, parts[0] == "user", parts[2] == "monetary-account", let account = Int(parts[3]),
                  parts[4] == "notification-filter-url" {
            self = .notifications(.accountURL(account))
        } else {
            return nil
        }
    }
}

extension PlanAction {
    public var target: ActionTarget? { ActionTarget(request) }

    /// The digest of the live fields this action depends on, recomputed from a fresh read.
    public func currentDigest(in live: LiveState) -> String? {
        switch target {
        case .card(let id): return live.cards.first { $0.id == id }.map(CardDiff.liveDigest)
        case .pinnedChains: return PinnedChainDiff.liveDigest(live.pinnedChains ?? [])
        case .notifications(let scope): return NotificationDiff.liveDigest(live.filters(for: scope) ?? [])
        case nil: return nil
        }
    }
}

extension LiveStateReader.Scope {
    /// Whatever the actions of a plan touch: cards always, pins and filter scopes when written.
    public static func actions(of plan: Plan) -> LiveStateReader.Scope {
        var scopes: [NotificationScope] = []
        var pins = false
        for action in plan.actions {
            switch action.target {
            case .pinnedChains: pins = true
            case .notifications(let scope): if !scopes.contains(scope) { scopes.append(scope) }
            default: break
            }
        }
        return .explicit(pinnedChains: pins, notificationScopes: scopes)
    }
}
