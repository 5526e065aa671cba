import ArgumentParser
import Foundation
import Reconciler

/// `cardpolicy export`: the live state as policy files, a starting point for a repository.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write bunq's current cards, pinned chains and filters as policy YAML; a plan of it shows no changes."
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("Directory to write; it must not exist yet or be empty.", valueName: "DIR"), completion: .directory)
    var out: String = "exported"

    @Option(
        name: .customLong("state"),
        help: ArgumentHelp(
            "The ledger, for country expiries cardpolicy has sent; default .cardpolicy/state.json at the root of the current directory's repository.",
            valueName: "FILE"),
        completion: .file())
    var ledgerFile: String?

    var ledgerPath: String { ledgerFile ?? StateLocation.path("state.json", policyPaths: []) }

    func run() async throws {
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: out), !existing.isEmpty {
            throw CommandFailure("\(out) is not empty; export writes into a new or empty directory so nothing is overwritten")
        }
        let ledger: Ledger
        do { ledger = try Ledger.load(path: ledgerPath) } catch { throw CommandFailure(FileErrorText.describe(error) ?? "\(error)") }
        let live = try await connection.withConnection { scope in
            try await LiveStateReader(client: try await scope.connect().client).read(.everything)
        }
        for file in PolicyExport.files(live, ledger: ledger) {
            let path = (out as NSString).appendingPathComponent(file.path)
            try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            Terminal.write("wrote \(path)\n")
        }
        let cards = PolicyExport.exportedCards(live).count
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        let chains = live.pinnedChains?.count ?? 0
        Terminal.write(
            "Exported \(count(cards, "card")), \(count(chains, "pinned chain")) and \(count(live.notificationScopes.count, "notification scope")).\n")
    }
}
