import Foundation

/// `{"Response": [...], "Pagination": {...}}`, the body of every successful bunq answer.
struct ResponseEnvelope<Item: Decodable>: Decodable {
    let items: [Item]
    let pagination: Pagination?

    enum CodingKeys: String, CodingKey {
        case items = "Response"
        case pagination = "Pagination"
    }
}

/// Only the `Pagination` of a list answer: enough to ask for the next page before this
/// one's items are decoded.
struct PaginationEnvelope: Decodable {
    let pagination: Pagination?

    enum CodingKeys: String, CodingKey {
        case pagination = "Pagination"
    }

    /// The `Pagination` read from the body's tail, where bunq writes it (after `Response`),
    /// so the next page can be asked for without scanning 200 items first; nil when the
    /// tail is not it. The tail counts only if `{` + tail is one whole JSON object: a
    /// `"Pagination"` key nested deeper leaves unmatched closing brackets, and one inside a
    /// string cannot occur, since its quotes would be escaped.
    static func fromTail(of body: [UInt8]) -> PaginationEnvelope? {
        let key = Array(#""Pagination""#.utf8)
        var start = body.count - key.count
        while start > 0, !body[start..<(start + key.count)].elementsEqual(key) { start -= 1 }
        guard start > 0 else { return nil }
        return try? WireJSON.decoder().decode(PaginationEnvelope.self, from: Data([UInt8(ascii: "{")] + body[start...]))
    }
}

/// The `Pagination` object of a list answer. bunq lists are newest first, so a complete
/// read follows `older_url` until it is null (lists come newest first, 10 a page by default).
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
