/// A `Response` item that is either `{"Id": {"id": N}}` or an object under its type key:
/// bunq's writes answer one or the other, not always as documented (a card PUT may answer a whole card).
enum ItemOrId<Value: Decodable>: Decodable {
    case id(Int)
    case item(TypeKeyed<Value>)

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        if container.allKeys.count == 1, let key = container.allKeys.first, key.stringValue == "Id" {
            self = .id(try container.decode(IdObject.self, forKey: key).id)
        } else {
            self = .item(try TypeKeyed<Value>(from: decoder))
        }
    }
}
