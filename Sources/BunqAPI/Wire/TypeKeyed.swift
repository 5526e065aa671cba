/// A JSON object key of any name, for objects whose keys are data (bunq's type keys).
struct AnyCodingKey: CodingKey, Hashable {
    let stringValue: String
    let intValue: Int?

    init(_ string: String) {
        self.stringValue = string
        self.intValue = nil
    }

    init?(stringValue: String) { self.init(stringValue) }

    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// One element of a bunq `Response` array: an object with a single key naming the type,
/// `{"Card": {...}}`. The key is kept but never required to be a particular name, because
/// bunq has renamed them (`CardDebit` became `Card` in 2024).
public struct TypeKeyed<Value: Decodable>: Decodable {
    /// The type key the value was wrapped in, e.g. `Card` or `MonetaryAccountBank`.
    public let typeKey: String
    public let value: Value

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        let keys = container.allKeys
        guard keys.count == 1, let key = keys.first else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected an object with one type key, found keys \(keys.map(\.stringValue).sorted())"))
        }
        self.typeKey = key.stringValue
        self.value = try container.decode(Value.self, forKey: key)
    }
}

extension TypeKeyed: Sendable where Value: Sendable {}
