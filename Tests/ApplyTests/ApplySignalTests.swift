import Foundation
import Testing

/// SIGTERM or SIGINT in the middle of an apply's writes: the write in flight is finished and
/// journaled, the run says it was interrupted and exits 4, and the re-run converges with
/// every card written exactly once.
@Suite("apply interrupted by a signal", .serialized)
struct ApplySignalTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalMidRunExits4AndTheRerunConverges(signal: Int32) async throws {
        let run = try await ApplyRun(cards: 8, latencyMilliseconds: 150)
        let apply = try run.run(run.apply())
        #expect(run.waitUntil(60) { run.count("confirmed") >= 2 }, "no write was confirmed: \(apply.output)")
        apply.send(signal)
        let status = apply.wait()
        #expect(status == 4, "\(apply.output)")
        #expect(apply.output.contains("interrupted; finishing the write in flight"), "\(apply.output)")
        let name = signal == SIGTERM ? "SIGTERM" : "SIGINT"
        #expect(apply.output.contains("Apply interrupted by \(name) after "), "\(apply.output)")
        #expect(apply.output.contains("Run the same apply again to resume; nothing will be done twice."))

        // Every write sent was answered and confirmed before the run stopped.
        let sent = Set(run.journal().filter { $0["event"] as? String == "sending" }.compactMap { $0["action"] as? String })
        let confirmed = Set(run.journal().filter { $0["event"] as? String == "confirmed" }.compactMap { $0["action"] as? String })
        #expect(sent == confirmed && !sent.isEmpty)
        let before = try await run.emulator.committedCardWrites().count
        #expect(before == confirmed.count && before < run.cardCount, "stopped after \(before) of \(run.cardCount)")
        #expect(!FileManager.default.fileExists(atPath: run.lockPath))

        let rerun = try run.run(run.apply())
        #expect(rerun.wait() == 0, "\(rerun.output)")
        #expect(try run.run(run.plan()).wait() == 0)
        let writes = try await run.emulator.committedCardWrites()
        #expect(writes.count == run.cardCount && Set(writes).count == writes.count, "\(writes)")
    }
}
