import BunqAPI
import PolicyModel

extension CardField {
    /// Text printed on the card. It is sent only when it changes: bunq may make a new card
    /// for a new name, so an unchanged name is never sent again. On a physical card the
    /// action is marked as a possible reprint, which apply guards with `--allow-reprint`.
    static func printedText(
        _ text: CardText, _ setting: KeyPath<CardSettings, Located<String>?>, live: KeyPath<LiveCard, String?>,
        wire: WritableKeyPath<CardUpdate, String?>
    ) -> CardField {
        CardField(
            key: text.key,
            plan: { card, _, draft in
                guard let desired = card.settings[keyPath: setting] else { return }
                let current = card.live[keyPath: live].flatMap { $0.isEmpty ? nil : $0 }
                guard desired.value != current else { return }
                draft.change(
                    FieldChange(
                        field: text.key, before: current.map(PlainText.doubleQuoted), after: PlainText.doubleQuoted(desired.value),
                        beforeValue: current.map(PlanValue.string), afterValue: .string(desired.value)),
                    from: desired.location)
                draft.update[keyPath: wire] = desired.value
                if card.live.isPhysical { draft.reprint = true }
            },
            digest: { ["\(text.key)=\($0[keyPath: live] ?? "")"] },
            holds: { update, card in update[keyPath: wire].map { $0 == card[keyPath: live] } ?? true },
            // A value bunq holds that a policy could not set (too long, control characters)
            // is left out, so the exported file still validates; the card keeps it.
            export: { card, _ in card[keyPath: live].flatMap { text.accepts($0) ? PlainText.doubleQuoted($0) : nil } })
    }
}

extension LiveCard {
    /// `second_line` as an optional, like the other printed text.
    var secondLineText: String? { secondLine }
}
