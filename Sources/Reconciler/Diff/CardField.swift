import BunqAPI
import PolicyModel

/// One card field as it meets bunq: how the diff plans it into the card's PUT, which live
/// values a plan of it depends on, how apply checks bunq took it, and how export writes it
/// back. The list of them is `CardField.all`; the policy side of the same keys (how they are
/// read and what the schema allows) is `CardSettings.fields`.
struct CardField {
    /// The policy key (`limits.atm`), which plans and mismatches name the field by.
    let key: String
    /// Adds what the field needs to the card's PUT; nothing when bunq holds what the policy wants.
    let plan: (DesiredCard, CardDiff, inout CardPutDraft) -> Void
    /// `name=value` lines of the live values `plan` reads: a saved plan is stale when one changed.
    let digest: (LiveCard) -> [String]
    /// Whether bunq holds what `update` asked of this field (true when it asked nothing).
    let holds: (CardUpdate, LiveCard) -> Bool
    /// The field's value in an exported policy, nil to leave the key out.
    let export: (LiveCard, Ledger) -> String?

    /// A limit: an amount bunq keeps in the card's currency.
    static func limit(
        _ key: String, _ setting: KeyPath<CardSettings, Located<PolicyAmount>?>, live: KeyPath<LiveCard, PolicyAmount?>,
        wire: WritableKeyPath<CardUpdate, Amount?>, wireKey: String
    ) -> CardField {
        CardField(
            key: key,
            plan: { card, _, draft in
                let current = card.live[keyPath: live]
                guard let desired = card.settings[keyPath: setting], desired.value != current else { return }
                if let current, current.currency != desired.value.currency {
                    draft.conflict(
                        card, desired.location,
                        "\(key): the card's limits are in \(current.currency); bunq does not change their currency to \(desired.value.currency)")
                    return
                }
                // A limit bunq sends as null cannot be compared: it is shown as unknown and set.
                draft.change(
                    FieldChange(
                        field: key, before: current?.description ?? "(unknown: bunq sent no value)",
                        after: desired.value.description, beforeValue: current.map(PlanValue.amount),
                        afterValue: .amount(desired.value)), from: desired.location)
                draft.update[keyPath: wire] = Amount(value: desired.value.value, currency: desired.value.currency)
            },
            digest: { ["\(wireKey)=\($0[keyPath: live]?.description ?? "")"] },
            holds: { update, card in
                // A limit bunq still sends as null after the write cannot be compared, so it is
                // not called a mismatch; one bunq shows is compared.
                guard let wanted = update[keyPath: wire], let current = card[keyPath: live] else { return true }
                return PolicyAmount(value: wanted.value, currency: wanted.currency) == current
            },
            export: { card, _ in card[keyPath: live]?.description })
    }
}
