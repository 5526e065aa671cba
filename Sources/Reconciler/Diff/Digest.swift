import Foundation

/// Digests of canonical text: the live digests that tell a stale plan, and plan ids.
enum Digest {
    static func sha256(_ text: String) -> String {
        SHA256Hex.of(Data(text.utf8))
    }
}
