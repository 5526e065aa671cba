import ArgumentParser
import Reconciler

/// `--target` and `--exclude`: plan, drift or apply only part of the policy. The whole
/// policy is still loaded and merged, so a card gets what its entry and groups agree on.
struct TargetOptions: ParsableArguments {
    @Option(
        name: .customLong("target"),
        help: ArgumentHelp(
            "Only the actions of this card entry, card group (the cards it matches), `certificates`, notification scope (`notifications`, `notifications.url`) or action id; repeatable.",
            valueName: "NAME"))
    var targets: [String] = []

    @Option(
        name: .customLong("exclude"),
        help: ArgumentHelp("Leave out the actions of this name (as for --target); repeatable, and it wins over --target.", valueName: "NAME"))
    var excludes: [String] = []

    var filter: ActionFilter { ActionFilter(targets: targets, excludes: excludes) }
}
