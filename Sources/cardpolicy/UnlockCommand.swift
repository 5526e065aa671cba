import ArgumentParser
import Foundation
import Reconciler

/// `cardpolicy unlock`: remove an apply lock file whose process is gone.
struct UnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Remove the apply lock a finished or crashed apply left behind.",
        discussion: """
            apply holds an operating-system lock on apply.lock beside the journal while it runs, and \
            removes the file when it ends. A crashed apply leaves the file, but not the lock, so the \
            next apply is not blocked; unlock tidies the file away. It refuses, naming the holder, \
            while an apply holds the lock or while the process the file names runs on this host.
            """
    )

    @Option(
        name: .customLong("journal"),
        help: ArgumentHelp(
            "The journal of the apply whose lock to remove (default: the current directory's repository's); the lock is beside it.",
            valueName: "FILE"),
        completion: .file())
    var journalFile: String?

    var journal: String { journalFile ?? StateLocation.path("journal.jsonl", policyPaths: []) }

    @Flag(help: "Remove a lock file written on another host, whose process this host cannot check.")
    var force = false

    func run() throws {
        let path = ApplyLock.path(besideJournal: journal)
        let removal: ApplyLock.Removal
        do {
            removal = try ApplyLock.removeStale(path: path, force: force)
        } catch {
            throw CommandFailure("\(error)")
        }
        switch removal {
        case .noLockFile:
            print("No apply lock at \(path); nothing to do.")
        case .removed(let holder):
            print("Removed \(path)\(holder.map { " (left by \($0), which is no longer running)" } ?? "").")
        }
    }
}
