/// `{"Response": [...], "Pagination": {...}}`, the body of every successful bunq answer.
struct ResponseEnvelope<Item: Decodable>: Decodable {
    let items: [Item]
    let pagination: Pagination?

    enum CodingKeys: String, CodingKey {
        case items = "Response"
        case pagination = "Pagination"
    }
}

/// The `Pagination` object of a list answer. bunq lists are newest first, so a complete
/// read follows `older_url` until it is null (trap T17).
public struct Pagination: Codable, Hashable, Sendable {
    public var futureURL: String?
    public var newerURL: String?
    public var olderURL: String?

    public init(futureURL: String? = nil, newerURL: String? = nil, olderURL: String? = nil) {
        self.futureURL = futureURL
        self.newerURL = newerURL
        self.olderURL = olderURL
    }

    enum CodingKeys: String, CodingKey {
        case futureURL = "future_url"
        case newerURL = "newer_url"
        case olderURL = "older_url"
    }
}

/// The `{"Id": {"id": 42}}` item that creates and updates answer with.
public struct IdObject: Codable, Hashable, Sendable {
    public var id: Int

    public init(id: Int) { self.id = id }
}
