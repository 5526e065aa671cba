import Foundation

/// A JSON value as plan JSON carries it for machines: a change's structured `before` and
/// `after`, and a request body parsed next to its bytes. No `null`: an absent value is left
/// out, as everywhere else in a plan.
public indirect enum PlanValue: Hashable, Sendable, Codable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([PlanValue])
    case object([String: PlanValue])

    /// An object from the members that are present: a value not known is left out, not null.
    public static func members(_ members: [(String, PlanValue?)]) -> PlanValue {
        .object(Dictionary(members.compactMap { key, value in value.map { (key, $0) } }) { first, _ in first })
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Bool before the numbers and Int before Double, so `true` and `101` keep their type.
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([PlanValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: PlanValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// A JSON text parsed, or nil when it is not JSON (a body is always JSON the encoder wrote).
    public static func parsing(_ text: String) -> PlanValue? {
        try? JSONDecoder().decode(PlanValue.self, from: Data(text.utf8))
    }
}
