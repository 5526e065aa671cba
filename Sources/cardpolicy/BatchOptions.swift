import ArgumentParser
import Reconciler

/// How plan and apply group card changes into card-batch requests.
struct BatchOptions: ParsableArguments {
    @Flag(help: "Send every card change as a PUT of its own, never in a card-batch request.")
    var noBatch = false

    @Option(help: ArgumentHelp("The most cards in one card-batch request.", valueName: "N"))
    var batchSize: Int = CardBatching.defaultSize

    func validate() throws {
        if batchSize < 1 { throw ValidationError("--batch-size must be 1 or more") }
    }

    var batching: CardBatching { noBatch ? .off : CardBatching(size: batchSize) }
}
