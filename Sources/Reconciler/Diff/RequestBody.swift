import Foundation
import PolicyModel

/// Request bodies as bunq takes them: compact JSON, sorted keys, unescaped slashes. The
/// planned body is the body sent, byte for byte, so the plan shows exactly what happens.
enum RequestBody {
    static func json(_ object: Any) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    static func amount(_ money: Money) -> [String: Any] {
        ["value": money.valueText, "currency": money.currency]
    }
}

/// Digests for stale-plan detection and plan ids.
enum Digest {
    static func sha256(_ text: String) -> String {
        SHA256Hex.of(Data(text.utf8))
    }
}
