/// bunq's error body: `{"Error": [{"error_description": "...", "error_description_translated": "..."}]}`.
///
/// base.json models `Error` as an array and generated.json as one object; both are read.
struct ErrorBody: Decodable {
    let descriptions: [String]

    private struct Entry: Decodable {
        let errorDescription: String?

        enum CodingKeys: String, CodingKey {
            case errorDescription = "error_description"
        }
    }

    enum CodingKeys: String, CodingKey {
        case error = "Error"
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let entries = try? container.decode([Entry].self, forKey: .error) {
            descriptions = entries.compactMap(\.errorDescription)
        } else {
            descriptions = [try container.decode(Entry.self, forKey: .error)].compactMap(\.errorDescription)
        }
    }
}
