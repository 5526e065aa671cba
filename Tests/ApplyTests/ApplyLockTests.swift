import Foundation
import Testing

/// Two real apply processes on one state directory: the second refuses at once, naming the
/// first, or waits with --lock-timeout; plan never takes the lock; unlock removes only a
/// lock whose process is gone.
@Suite("one apply at a time", .serialized)
struct ApplyLockTests {
    @Test func aSecondApplyRefusesOrWaitsAndEachCardIsWrittenOnce() async throws {
        let run = try await ApplyRun(cards: 6, latencyMilliseconds: 250)
        let first = try run.run(run.apply())
        #expect(
            run.waitUntil(30) { (try? String(contentsOfFile: run.lockPath, encoding: .utf8))?.contains("\"pid\":\(first.pid)") == true },
            "the first apply never took the lock: \(first.output)")

        let refused = try run.run(run.apply())
        #expect(refused.wait() == 1)
        #expect(refused.output.contains("another apply is running on this state directory"), "\(refused.output)")
        #expect(refused.output.contains("pid \(first.pid) on host \(ProcessInfo.processInfo.hostName), started "), "\(refused.output)")
        #expect(refused.output.contains("--lock-timeout"))

        let waiting = try run.run(run.apply(["--lock-timeout", "2m"]))
        let plan = try run.run(run.plan())
        #expect(plan.wait() == 2, "plan must not wait for or refuse on the lock: \(plan.output)")
        let unlock = try run.run(["unlock", "--journal", run.journalPath])
        #expect(unlock.wait() == 1)
        #expect(unlock.output.contains("pid \(first.pid)") && unlock.output.contains("nothing was removed"), "\(unlock.output)")
        #expect(first.isRunning, "the first apply ended before the others were tried; raise the latency")

        #expect(first.wait() == 0, "\(first.output)")
        #expect(waiting.wait() == 0, "\(waiting.output)")
        #expect(waiting.output.contains("Nothing to apply."), "\(waiting.output)")
        #expect(!FileManager.default.fileExists(atPath: run.lockPath), "a finished apply leaves no lock file")
        let writes = try await run.emulator.committedCardWrites()
        #expect(writes.count == 6 && Set(writes).count == 6, "\(writes)")
    }

    @Test func aLockFileWhoseProcessIsGoneBlocksNothingAndUnlockRemovesIt() async throws {
        let run = try await ApplyRun(cards: 2, latencyMilliseconds: 0)
        let gone = try run.run(["--version"])
        _ = gone.wait()
        let stale = #"{"host":"\#(ProcessInfo.processInfo.hostName)","pid":\#(gone.pid),"started":"2025-01-01T00:00:00Z"}"#
        try stale.write(toFile: run.lockPath, atomically: true, encoding: .utf8)
        // No process holds the operating-system lock: the file alone never blocks.
        let apply = try run.run(run.apply())
        #expect(apply.wait() == 0, "\(apply.output)")

        try stale.write(toFile: run.lockPath, atomically: true, encoding: .utf8)
        let unlock = try run.run(["unlock", "--journal", run.journalPath])
        #expect(unlock.wait() == 0, "\(unlock.output)")
        #expect(unlock.output.contains("Removed \(run.lockPath) (left by pid \(gone.pid)"), "\(unlock.output)")
        #expect(!FileManager.default.fileExists(atPath: run.lockPath))
        let again = try run.run(["unlock", "--journal", run.journalPath])
        #expect(again.wait() == 0 && again.output.contains("No apply lock"), "\(again.output)")

        // A live process on this host named in the file: refused, even without the OS lock.
        try #"{"host":"\#(ProcessInfo.processInfo.hostName)","pid":\#(getpid()),"started":"2025-01-01T00:00:00Z"}"#
            .write(toFile: run.lockPath, atomically: true, encoding: .utf8)
        let alive = try run.run(["unlock", "--journal", run.journalPath])
        #expect(alive.wait() == 1 && alive.output.contains("that process is running"), "\(alive.output)")
        #expect(FileManager.default.fileExists(atPath: run.lockPath))
    }

    @Test func aBadLockTimeoutIsRefused() async throws {
        let run = try await ApplyRun(cards: 1, latencyMilliseconds: 0)
        let bad = try run.run(run.apply(["--lock-timeout", "soon"]))
        #expect(bad.wait() == 1)
        #expect(bad.output.contains("--lock-timeout must be a duration such as 30s, 5m or 1h"), "\(bad.output)")
        #expect(try await run.emulator.committedCardWrites().isEmpty)
    }
}
