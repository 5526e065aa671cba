import Foundation

/// Digests for stale-plan detection and plan ids.
enum Digest {
    static func sha256(_ text: String) -> String {
        SHA256Hex.of(Data(text.utf8))
    }
}
