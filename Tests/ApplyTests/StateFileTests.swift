import BunqAPI
import BunqEmulator
import Foundation
import PolicyModel
import Reconciler
import Testing

/// What apply writes besides bunq — the journal, the ledger, the plan archive — must be
/// writable before the first write, and a write bunq made but apply could not record must
/// be reported as made, then settled by the re-run without writing it again.
@Suite("apply and its state files", .serialized)
struct StateFileTests {
    /// Unwritable for root too: a path whose parent is a regular file.
    @Test func anUnwritableLedgerStopsApplyBeforeAnythingIsSent() async throws {
        let fixture = try await ApplyFixture()
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: fixture.directory + "/blocker"))
        let (plan, live) = try await fixture.plan(try fixture.policy(demoPolicy))
        let applier = fixture.applier(ledgerPath: fixture.directory + "/blocker/state.json")
        await #expect { try await applier.apply(plan, live: live, savedPlan: false) } throws: { error in
            "\(error)".contains("nothing was sent to bunq") && "\(error)".contains("the ledger (--state)")
        }
        #expect(
            fixture.emulator.calls().filter {
                $0.method != "GET" && !$0.path.contains("session-server")
                    && !$0.path.contains("installation") && !$0.path.contains("device-server")
            }.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.journalPath))
        try await fixture.close()
    }

    /// chmod does not stop root: skipped there, where the case above covers it.
    @Test(.enabled(if: getuid() != 0, "root writes into read-only directories"))
    func aReadOnlyStateDirectoryStopsApplyBeforeAnythingIsSent() async throws {
        let fixture = try await ApplyFixture()
        let state = fixture.directory + "/state"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        chmod(state, 0o555)
        defer { chmod(state, 0o755) }
        let (plan, live) = try await fixture.plan(try fixture.policy(demoPolicy))
        let applier = Applier(
            client: fixture.client, journal: Journal(path: state + "/journal.jsonl"), ledgerPath: state + "/state.json",
            guards: ApplyGuards(), progress: { _ in })
        await #expect(throws: ApplyError.self) { try await applier.apply(plan, live: live, savedPlan: false) }
        #expect(fixture.committedWrites().isEmpty)
        try await fixture.close()
    }

    /// The ledger stops taking writes between the check and the first record (a disk that
    /// fills): a directory where the ledger's temporary file must go blocks its replacement.
    @Test func aWriteThatCouldNotBeRecordedIsReportedAsDoneAndNotRepeated() async throws {
        let fixture = try await ApplyFixture()
        let policy = try fixture.policy(demoPolicy)
        let blocker = fixture.directory + "/.state.json.tmp-\(getpid())"
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: true)
        let first = try await fixture.apply(policy)
        guard case .partlyApplied(let report, let failure) = first else { Issue.record("expected partly applied, got \(first)"); return }
        #expect(report.done == ["card/alice"] && report.left == ["card/groceries"])
        #expect(failure.contains("bunq made the change, but it could not be recorded"))
        #expect(fixture.committedWrites().count == 1)

        try FileManager.default.removeItem(atPath: blocker)
        guard case .applied(let resumed) = try await fixture.apply(policy) else { Issue.record("the re-run did not apply"); return }
        #expect(resumed.done == ["card/groceries"])
        let writes = fixture.committedWrites()
        #expect(writes.count == 2 && Set(writes).count == 2, "a card was written twice: \(writes)")
        // The write-only expiry the first run sent is known, not "unknown" and sent again.
        #expect(try Ledger.load(path: fixture.ledgerPath).countryExpiry(cardId: 2_079_040) == ["US": "2030-12-31 23:59:59.000000"])
        #expect(try await fixture.plan(policy).0.actions.isEmpty)
        try await fixture.close()
    }

    @Test func anEntryAppendedAfterATornLineIsKept() throws {
        let path = NSTemporaryDirectory() + "journal-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let journal = Journal(path: path)
        try journal.append(JournalEntry(time: "t1", event: .sending, planId: "p", action: "card/a", requestId: "r-a1"))
        // What a full disk leaves: half a line, no newline.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"action":"card/b","event":"sen"#.utf8))
        try handle.close()
        try journal.append(JournalEntry(time: "t2", event: .confirmed, planId: "p", action: "card/a", requestId: "r-a1"))
        #expect(try journal.entries().map(\.event) == [.sending, .confirmed])
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 3)
    }
}
