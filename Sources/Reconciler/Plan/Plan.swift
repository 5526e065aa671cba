import Foundation
import PolicyModel

/// A plan: the exact writes that would bring bunq to the policy, as data. Renderers print it,
/// the Applier executes it, and `--out` saves it for `apply --plan`.
public struct Plan: Hashable, Sendable, Codable {
    /// Bumped on any incompatible change of this structure (see docs/plan-json.md).
    /// 3 added `reprint`: an older cardpolicy would ignore it and apply a reprint unguarded.
    /// 4 added `card_batches` and `managed_cards`, which the plan id and the bulk-change
    /// guard depend on.
    /// 5 made the plan id cover everything a renderer shows, and added `api_url` and
    /// `expires_at`: an older plan's id does not vouch for what `show` would print.
    /// 6 added `protected_by`, a guard an older cardpolicy would not enforce, the rules and
    /// structured values for machines.
    public static let currentFormatVersion = 6

    public var formatVersion: Int
    /// A digest of the actions: request ids are derived from it, so a re-run of the same
    /// plan re-sends the same ids and bunq's duplicate check protects the writes.
    public var planId: String
    public var createdAt: String
    public var cardpolicyVersion: String
    public var userId: Int
    /// In execution order: new pins before the deletions of old ones.
    public var actions: [PlanAction]
    /// Card actions that go out together as card-batch requests; every other action is a
    /// request of its own.
    public var cardBatches: [PlannedCardBatch]
    /// How many live cards the policy manages: the bulk-change guard's whole.
    public var managedCards: Int
    /// Changes that cannot be made (a lost card the policy wants active); they block apply.
    public var conflicts: [PlanConflict]
    /// Things worth knowing that change nothing (a group matching no card).
    public var notes: [String]
    /// Live cards the policy does not cover (empty with `unmanaged: ignore`); they change
    /// nothing, so the plan id does not depend on them.
    public var unmanaged: [UnmanagedCard]
    /// The policy's `unmanaged:` rule: with `error`, drift fails while `unmanaged` is not empty.
    public var unmanagedRule: UnmanagedCards
    /// The policy's `rules`, each with how many live cards it was checked against.
    public var rules: [CheckedRule]
    /// Live values that break a rule and that this plan leaves as they are; drift fails on them.
    public var ruleViolations: [LiveRuleViolation]
    /// Set when `--target`/`--exclude` chose the actions: the plan is partial. Absent otherwise.
    public var targeting: PlanTargeting?
    /// Where a saved plan was planned: the API base URL, or `emulator:` and the state file.
    /// `apply --plan` refuses to send it anywhere else. nil in a plan that is only printed.
    public var apiURL: String?
    /// When a saved plan stops being applicable (ISO 8601); nil in a plan that is only printed.
    public var expiresAt: String?

    public init(
        planId: String, createdAt: String, cardpolicyVersion: String, userId: Int,
        actions: [PlanAction], conflicts: [PlanConflict], notes: [String],
        unmanaged: [UnmanagedCard] = [], unmanagedRule: UnmanagedCards = .default,
        cardBatches: [PlannedCardBatch] = [], managedCards: Int = 0, targeting: PlanTargeting? = nil,
        rules: [CheckedRule] = [], ruleViolations: [LiveRuleViolation] = []
    ) {
        self.formatVersion = Self.currentFormatVersion
        self.planId = planId
        self.createdAt = createdAt
        self.cardpolicyVersion = cardpolicyVersion
        self.userId = userId
        self.actions = actions
        self.cardBatches = cardBatches
        self.managedCards = managedCards
        self.conflicts = conflicts
        self.notes = notes
        self.unmanaged = unmanaged
        self.unmanagedRule = unmanagedRule
        self.targeting = targeting
        self.rules = rules
        self.ruleViolations = ruleViolations
    }

    /// Whether drift must fail for the cards nobody declared.
    public var unmanagedCardsAreDrift: Bool { unmanagedRule == .error && !unmanaged.isEmpty }

    /// Whether drift fails: bunq would be changed, holds cards `unmanaged: error` forbids, or
    /// holds values that break a rule.
    public var isDrift: Bool { hasChanges || unmanagedCardsAreDrift || !ruleViolations.isEmpty }

    public var hasChanges: Bool { !actions.isEmpty }
    public var irreversibleActions: [PlanAction] { actions.filter(\.irreversible) }
    /// Name changes on physical cards, after which bunq may print a new card.
    public var reprintActions: [PlanAction] { actions.filter(\.mayReprint) }
    /// Changes to cards a `protect` rule covers; apply needs `--allow-protected`.
    public var protectedActions: [PlanAction] { actions.filter(\.isProtected) }

    /// The pinned chains this plan takes away for good: those it unpins beyond the ones it
    /// pins in their place. A rotation (a new chain POSTed, the old one DELETEd) leaves
    /// callbacks pinned, so it removes nothing; unpinning without a replacement, or emptying
    /// the declared set, does. `--max-deletes` guards these.
    public var removals: Int {
        let unpinned = actions.filter { $0.kind == .unpinCertificateChain }.count
        let pinned = actions.filter { $0.kind == .pinCertificateChain }.count
        return max(0, unpinned - pinned)
    }

    public var summary: PlanSummary {
        PlanSummary(
            create: actions.filter { $0.kind.effect == .create }.count,
            update: actions.filter { $0.kind.effect == .update }.count,
            delete: actions.filter { $0.kind.effect == .delete }.count,
            removals: removals,
            irreversible: irreversibleActions.count,
            conflicts: conflicts.count,
            unmanaged: unmanaged.count,
            cardBatches: cardBatches.count,
            changedCards: Set(actions.compactMap(\.target.cardId)).count,
            protected: protectedActions.count,
            ruleViolations: ruleViolations.count
        )
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case planId = "plan_id"
        case createdAt = "created_at"
        case cardpolicyVersion = "cardpolicy_version"
        case userId = "user_id"
        case actions, conflicts, notes, unmanaged
        case unmanagedRule = "unmanaged_rule"
        case cardBatches = "card_batches"
        case managedCards = "managed_cards"
        case targeting, rules
        case ruleViolations = "rule_violations"
        case apiURL = "api_url"
        case expiresAt = "expires_at"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        planId = try container.decode(String.self, forKey: .planId)
        createdAt = try container.decode(String.self, forKey: .createdAt)
        cardpolicyVersion = try container.decode(String.self, forKey: .cardpolicyVersion)
        userId = try container.decode(Int.self, forKey: .userId)
        actions = try container.decode([PlanAction].self, forKey: .actions)
        cardBatches = try container.decode([PlannedCardBatch].self, forKey: .cardBatches)
        managedCards = try container.decode(Int.self, forKey: .managedCards)
        conflicts = try container.decode([PlanConflict].self, forKey: .conflicts)
        notes = try container.decode([String].self, forKey: .notes)
        // A plan saved before cards outside the policy were listed has neither key; they
        // inform and never write, so their absence changes nothing an apply does.
        unmanaged = try container.decodeIfPresent([UnmanagedCard].self, forKey: .unmanaged) ?? []
        unmanagedRule = try container.decodeIfPresent(UnmanagedCards.self, forKey: .unmanagedRule) ?? .default
        targeting = try container.decodeIfPresent(PlanTargeting.self, forKey: .targeting)
        rules = try container.decode([CheckedRule].self, forKey: .rules)
        ruleViolations = try container.decode([LiveRuleViolation].self, forKey: .ruleViolations)
        apiURL = try container.decodeIfPresent(String.self, forKey: .apiURL)
        expiresAt = try container.decodeIfPresent(String.self, forKey: .expiresAt)
    }
}

/// Counts for the summary line.
public struct PlanSummary: Hashable, Sendable, Codable {
    public var create: Int
    public var update: Int
    public var delete: Int
    /// Deletes that are not part of a rotation: what `--max-deletes` counts.
    public var removals: Int
    public var irreversible: Int
    public var conflicts: Int
    /// Live cards the policy does not cover.
    public var unmanaged: Int
    /// card-batch requests carrying card changes.
    public var cardBatches: Int
    /// Distinct cards with at least one change: what the bulk-change guard counts.
    public var changedCards: Int
    /// Actions on cards a `protect` rule covers.
    public var protected: Int
    /// Live values that break a rule and stay as they are.
    public var ruleViolations: Int

    enum CodingKeys: String, CodingKey {
        case create, update, delete, removals, irreversible, conflicts, unmanaged, protected
        case cardBatches = "card_batches"
        case changedCards = "changed_cards"
        case ruleViolations = "rule_violations"
    }
}

/// One write: what changes, why (the policy lines), and the exact request.
public struct PlanAction: Hashable, Sendable, Codable {
    /// Stable within a plan: `card/alice-travel`, `certificate/webhooks`, `notifications.url`.
    public var id: String
    public var kind: ActionKind
    /// How a person names the thing: `card alice-travel (…8069 "Alice Travel")`.
    public var resource: String
    public var changes: [FieldChange]
    /// What the request writes to, as data: checks and verification read this, never the path.
    public var target: ActionTarget
    public var request: PlannedRequest
    public var irreversible: Bool
    /// The policy lines that asked for this change.
    public var sources: [SourceLocation]
    /// SHA-256 of the live fields this action was planned from; `apply --plan` re-reads them.
    public var liveDigest: String
    /// Write-only values this action sends, recorded in the ledger once it succeeded.
    public var ledger: LedgerEntry?
    /// true when the action changes the name on a physical card, which may make bunq print a
    /// new one; apply needs `--allow-reprint`. Absent otherwise.
    public var reprint: Bool?
    /// The `protect` rules covering the card, by name; apply needs `--allow-protected`.
    /// Absent when none does.
    public var protectedBy: [String]?
    /// The rules the card was checked against, by name; absent for other actions and when
    /// no rule matches the card.
    public var rules: [String]?

    public var mayReprint: Bool { reprint == true }
    public var isProtected: Bool { !(protectedBy ?? []).isEmpty }

    enum CodingKeys: String, CodingKey {
        case id, kind, resource, changes, target, request, irreversible, sources, ledger, reprint, rules
        case liveDigest = "live_digest"
        case protectedBy = "protected_by"
    }
}

/// The kinds of write cardpolicy makes.
public enum ActionKind: String, Hashable, Sendable, Codable, CaseIterable {
    case updateCard = "update_card"
    case createGeneratedCvc2 = "create_generated_cvc2"
    case updateGeneratedCvc2 = "update_generated_cvc2"
    case pinCertificateChain = "pin_certificate_chain"
    case unpinCertificateChain = "unpin_certificate_chain"
    case replaceNotificationFilters = "replace_notification_filters"

    public enum Effect: String, Sendable { case create, update, delete }

    public var effect: Effect {
        switch self {
        case .pinCertificateChain: return .create
        case .unpinCertificateChain: return .delete
        // A first generated-CVC2 entry is a POST, but to a person it changes the card's setting.
        case .updateCard, .createGeneratedCvc2, .updateGeneratedCvc2, .replaceNotificationFilters: return .update
        }
    }
}

/// One field's before and after, normalised for display (`100.00 EUR`, `NL, US until 2026-12-31`).
public struct FieldChange: Hashable, Sendable, Codable {
    public var field: String
    /// nil: the field is not set (or, for added list items, did not exist).
    public var before: String?
    public var after: String?
    public var irreversible: Bool
    /// Why the before value is what it is, when that is not obvious (`unknown: bunq does not return it`).
    public var note: String?
    /// The same values as data for machines (`{"value": "100.00", "currency": "EUR"}`), written
    /// as `before`/`after` while the text goes to `before_text`/`after_text`; nil when not set
    /// or not known (a limit bunq sent as null, a fallback of none).
    public var beforeValue: PlanValue?
    public var afterValue: PlanValue?

    public init(
        field: String, before: String?, after: String?, irreversible: Bool = false, note: String? = nil,
        beforeValue: PlanValue? = nil, afterValue: PlanValue? = nil
    ) {
        self.field = field
        self.before = before
        self.after = after
        self.irreversible = irreversible
        self.note = note
        self.beforeValue = beforeValue
        self.afterValue = afterValue
    }

    enum CodingKeys: String, CodingKey {
        case field, irreversible, note
        case before = "before_text"
        case after = "after_text"
        case beforeValue = "before"
        case afterValue = "after"
    }
}

/// The HTTP request an action sends: the path below the API base, and the exact body bytes.
public struct PlannedRequest: Hashable, Sendable, Codable {
    public var method: String
    /// Relative to the API base URL, e.g. `/user/1/card/42`.
    public var path: String
    /// The JSON body as sent (sorted keys), or nil for DELETE.
    public var body: String?
}

/// A change that cannot be made. Plans still print; apply refuses to start.
public struct PlanConflict: Hashable, Sendable, Codable {
    public var resource: String
    public var message: String
    public var source: SourceLocation?
}

/// Write-only values an action sends for one card: country → `expiry_time`.
public struct LedgerEntry: Hashable, Sendable, Codable {
    public var cardId: Int
    public var countryExpiry: [String: String]
    /// Cards bunq replaced with this one whose entries now apply to it: their records go.
    public var replacedCardIds: [Int]

    public init(cardId: Int, countryExpiry: [String: String], replacedCardIds: [Int] = []) {
        self.cardId = cardId
        self.countryExpiry = countryExpiry
        self.replacedCardIds = replacedCardIds
    }

    enum CodingKeys: String, CodingKey {
        case cardId = "card_id"
        case countryExpiry = "country_expiry"
        case replacedCardIds = "replaced_card_ids"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cardId = try container.decode(Int.self, forKey: .cardId)
        countryExpiry = try container.decode([String: String].self, forKey: .countryExpiry)
        replacedCardIds = try container.decodeIfPresent([Int].self, forKey: .replacedCardIds) ?? []
    }

    /// Leaves `replaced_card_ids` out when there are none, as in plans saved before it existed.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cardId, forKey: .cardId)
        try container.encode(countryExpiry, forKey: .countryExpiry)
        if !replacedCardIds.isEmpty { try container.encode(replacedCardIds, forKey: .replacedCardIds) }
    }
}
