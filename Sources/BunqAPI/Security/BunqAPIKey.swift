import Crypto
import Foundation

/// A bunq API key. It prints as `<redacted>` so it cannot reach a log by accident; the
/// context file keeps only its SHA-256 fingerprint.
public struct BunqAPIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let secret: String

    /// nil for an empty or blank key; surrounding whitespace (a file's trailing newline) is dropped.
    public init?(_ secret: String) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        self.secret = trimmed
    }

    /// SHA-256 of the key, hex: tells whether a saved context was made with this key.
    public var fingerprint: String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// bunq's sandbox keys start with `sandbox_`; a production key does not.
    public var isSandboxKey: Bool { secret.hasPrefix("sandbox_") }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
