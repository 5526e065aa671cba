/// bunq's list paging: `count` (default 10, at most 200), `older_id` / `newer_id`, newest
/// first, and a `Pagination` object whose URLs already carry `/v1/`.
struct Page {
    let range: [Int]
    let pagination: JSONValue

    /// Pages over `ids`, which must be sorted newest (highest id) first; `range` holds the
    /// positions of the items on this page, in the order to return them.
    init(ids: [Int], query: [String: String], path: String) throws {
        let count = try Page.integer(query["count"], name: "count") ?? 10
        guard (1...200).contains(count) else {
            throw BunqError.badRequest("The value of \"count\" must be between 1 and 200.")
        }
        let olderId = try Page.integer(query["older_id"], name: "older_id")
        let newerId = try Page.integer(query["newer_id"], name: "newer_id")
        if olderId != nil && newerId != nil {
            throw BunqError.badRequest("Use either \"older_id\" or \"newer_id\", not both.")
        }
        var positions: [Int]
        if let olderId {
            let start = ids.firstIndex(where: { $0 < olderId }) ?? ids.count
            positions = Array(start..<min(ids.count, start + count))
        } else if let newerId {
            // The `count` items just newer than newer_id, still listed newest first.
            let end = ids.lastIndex(where: { $0 > newerId }).map { $0 + 1 } ?? 0
            positions = Array(max(0, end - count)..<end)
        } else {
            positions = Array(0..<min(ids.count, count))
        }
        range = positions

        func url(_ parameter: String, _ id: Int) -> JSONValue {
            .string("/v1\(path)?count=\(count)&\(parameter)=\(id)")
        }
        let newest = positions.first.map { ids[$0] }
        let oldest = positions.last.map { ids[$0] }
        let hasOlder = oldest.map { oldestId in ids.last.map { $0 < oldestId } ?? false } ?? false
        let hasNewer = newest.map { newestId in ids.first.map { $0 > newestId } ?? false } ?? false
        let anchor = newest ?? newerId ?? ids.first ?? 0
        pagination = .object([
            ("future_url", hasNewer ? .null : url("newer_id", anchor)),
            ("newer_url", hasNewer ? url("newer_id", newest!) : .null),
            ("older_url", hasOlder ? url("older_id", oldest!) : .null)
        ])
    }

    private static func integer(_ text: String?, name: String) throws -> Int? {
        guard let text else { return nil }
        guard let number = Int(text) else {
            throw BunqError.badRequest("The value of \"\(name)\" must be an integer.")
        }
        return number
    }
}
