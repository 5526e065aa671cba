import Foundation
import PolicyModel

/// Request bodies as bunq takes them: compact JSON, sorted keys, unescaped slashes. The
/// planned body is the body sent, byte for byte, so the plan shows exactly what happens.
///
/// Written by JSONEncoder: JSONSerialization sorts keys by a locale's collation, which pages
/// in ICU's data (2 MB of a plan's memory) to order a few ASCII keys.
enum RequestBody {
    static func json(_ object: [String: BodyValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(object), as: UTF8.self)
    }

    static func amount(_ money: Money) -> BodyValue {
        .object(["value": .string(money.valueText), "currency": .string(money.currency)])
    }
}

/// A value in a request body: what bunq's card, pin and filter bodies are made of.
///
/// There is no null: bunq's request schemas type every field (ids are integers), so a field
/// with no value is left out of the body instead.
enum BodyValue: Encodable {
    case string(String)
    case int(Int)
    case object([String: BodyValue])
    case array([BodyValue])

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .int(let number): try container.encode(number)
        case .object(let members): try container.encode(members)
        case .array(let items): try container.encode(items)
        }
    }
}
