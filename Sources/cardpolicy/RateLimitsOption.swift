import ArgumentParser
import BunqAPI
import BunqEmulator

/// `--rate-limits bunq|off`: whether a run keeps to bunq's rate limits. With `--emulator` it
/// governs both sides, the client's pacing and the in-process emulator's limits, since the
/// one emulator serves that one run: off on the client alone would only trade pacing for
/// the emulator's 429s and their backoff.
enum RateLimitsOption: String, CaseIterable, ExpressibleByArgument {
    case bunq
    case off

    /// The client's pacing.
    var pacing: RateLimits { self == .bunq ? .bunq : .off }

    /// What an emulator started for this run enforces.
    var emulatorMode: RateLimitMode { self == .bunq ? .bunq : .off }
}
