import BunqEmulator
import Foundation
import Testing

/// `cardpolicy emulator --no-name-change-reprints` as a user runs it: the real executable
/// renames physical cards with `--allow-reprint`, and only the emulator's switch decides
/// whether the cards then show a reprint order.
@Suite("renaming cards against an emulator process, reprint switched on and off", .serialized)
struct ReprintSwitchProcessTests {
    @Test(arguments: [[], ["--name-change-reprints"], ["--no-name-change-reprints"]])
    func theSwitchDecidesTheOrderStatusNotThePlan(emulatorArguments: [String]) async throws {
        let run = try await ApplyRun(cards: 3, latencyMilliseconds: 0, emulatorArguments: emulatorArguments)
        let statePath = run.directory + "/bunq.json"
        let before = try EmulatorState.load(from: statePath).cards
        let physical = try #require(before.first { $0.isPhysical && $0.status == "ACTIVE" && $0.subStatus == "NONE" && $0.userHolderId == nil })
        try "version: 1\ncards:\n  - {name: renamed, match: {id: \(physical.id)}, second_line: \"Renamed Card\"}\n"
            .write(toFile: run.directory + "/policy.yaml", atomically: true, encoding: .utf8)

        let blocked = try run.run(run.apply())
        #expect(blocked.wait() == 3, "\(blocked.output)")
        #expect(blocked.output.contains("MAY REPRINT THE CARD"), "\(blocked.output)")
        #expect(try EmulatorState.load(from: statePath).cards.first { $0.id == physical.id }?.secondLine == physical.secondLine)

        let applied = try run.run(run.apply(["--allow-reprint"]))
        #expect(applied.wait() == 0, "\(applied.output)")
        let after = try #require(try EmulatorState.load(from: statePath).cards.first { $0.id == physical.id })
        #expect(after.secondLine == "Renamed Card")
        let reprints = emulatorArguments != ["--no-name-change-reprints"]
        #expect(after.orderStatus == (reprints ? "CARD_UPDATE_REQUESTED" : physical.orderStatus))
    }
}
