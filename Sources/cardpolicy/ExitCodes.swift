import ArgumentParser

/// The exit codes scripts and CI rely on (docs/commands.md lists them).
enum CardpolicyExit {
    static let changesPresent = ExitCode(2)
    static let blocked = ExitCode(3)
    static let partlyApplied = ExitCode(4)
    static let stalePlan = ExitCode(5)
}
