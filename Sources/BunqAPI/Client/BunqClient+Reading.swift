import Foundation

/// Reading objects and whole lists, and the shared shape of writes.
extension BunqClient {
    /// GET a single object, whatever its type key.
    func getObject<T: Decodable>(_ type: T.Type, path: String) async throws -> TypeKeyed<T> {
        let call = Call(method: "GET", path: path, style: .read)
        let exchange = try await answered(call)
        guard let first = try decode(ResponseEnvelope<TypeKeyed<T>>.self, from: exchange, of: call).items.first else {
            throw BunqError.malformedResponse(method: call.method, path: call.path, detail: "the Response array is empty")
        }
        return first
    }

    /// GET a whole list: `count` = page size, then `older_url` until it is null. bunq lists
    /// newest first, and its default page of 10 would multiply the calls.
    func getAll<T: ListedItem>(_ type: T.Type, path: String) async throws -> [TypeKeyed<T>] {
        try await getAll(type, path: path) { $0 }
    }

    /// GET a whole list, each item transformed as its page is decoded. Only the `Pagination`
    /// of a page is read before the next is asked for; the page itself is decoded meanwhile,
    /// because a 200-card page takes about as long to decode as bunq takes to serve the next.
    /// At most two pages wait undecoded, and no page's decoded items outlive their transform.
    /// Pages are checked in order as they are decoded (`ListProgress`), so a list whose
    /// `older_url` leads nowhere new stops two pages later with an error.
    func getAll<T: ListedItem, U: Sendable>(
        _ type: T.Type, path: String, transform: @escaping @Sendable (TypeKeyed<T>) -> U
    ) async throws -> [U] {
        typealias Decoded = (index: Int, items: [U], keys: [ListingKey], ids: [Int])
        return try await withThrowingTaskGroup(of: Decoded.self) { group in
            var pages: [Int: [U]] = [:]
            var pageCount = 0
            var next: String? = path + (path.contains("?") ? "&" : "?") + "count=\(configuration.pageSize)"
            var visited: Set<String> = []
            var progress = ListProgress()
            var unchecked: [Int: Decoded] = [:]
            var pagePaths: [Int: (path: String, pointsOlder: Bool)] = [:]

            // Checks every decoded page whose predecessors are checked, in page order.
            func check(_ decoded: Decoded) throws {
                pages[decoded.index] = decoded.items
                unchecked[decoded.index] = decoded
                while let page = unchecked.removeValue(forKey: progress.pages), let read = pagePaths[page.index] {
                    if let problem = progress.admit(keys: page.keys, ids: page.ids, pointsOlder: read.pointsOlder) {
                        throw BunqError.malformedResponse(
                            method: "GET", path: read.path, detail: problem)
                    }
                }
            }

            while let current = next {
                guard visited.insert(current).inserted else {
                    throw BunqError.malformedResponse(method: "GET", path: current, detail: "older_url points back to a page already read")
                }
                let call = Call(method: "GET", path: current, style: .read)
                let exchange = try await answered(call)
                next = try nextPage(after: pagination(of: exchange, call), of: call)
                let index = pageCount
                pageCount += 1
                pagePaths[index] = (current, next != nil)
                group.addTask {
                    let items = try self.decode(ResponseEnvelope<TypeKeyed<T>>.self, from: exchange, of: call).items
                    return (index, items.map(transform), items.map(\.value.listingKey), items.compactMap(\.value.listingId))
                }
                // At most two pages wait unchecked (so undecoded), and a list that does not
                // progress is stopped after the same number of pages however decoding races.
                while pageCount - progress.pages > 2, let decoded = try await group.next() { try check(decoded) }
            }
            for try await decoded in group { try check(decoded) }
            // Page by page into one reserved array, each page freed once copied: a 10,000-card
            // list is otherwise held twice, and more while the result grows.
            var all: [U] = []
            all.reserveCapacity(pages.values.reduce(0) { $0 + $1.count })
            for index in 0..<pageCount { all += pages.removeValue(forKey: index) ?? [] }
            return all
        }
    }

    /// A page's `Pagination`, from the body's tail when it can be, else from the whole body.
    private nonisolated func pagination(of exchange: Exchange, _ call: Call) throws -> Pagination? {
        if let envelope = PaginationEnvelope.fromTail(of: exchange.answer.body) { return envelope.pagination }
        return try decode(PaginationEnvelope.self, from: exchange, of: call).pagination
    }

    /// The relative path of the older page, or nil at the end. bunq's `older_url` already
    /// carries `count`; one that does not gets it, or the default of 10 would apply.
    private func nextPage(after pagination: Pagination?, of call: Call) throws -> String? {
        guard let older = pagination?.olderURL, !older.isEmpty else { return nil }
        guard var path = configuration.environment.relativePath(ofPaginationURL: older) else {
            throw BunqError.malformedResponse(
                method: call.method, path: call.path, detail: "older_url \(older) is not under \(configuration.environment)")
        }
        if !path.contains("count=") {
            path += (path.contains("?") ? "&" : "?") + "count=\(configuration.pageSize)"
        }
        return path
    }

    /// Sends a write with the caller's request id (or a new one) and decodes its answer.
    func write<Value: Sendable>(
        _ method: String, path: String, body: [UInt8]?, identity: RequestIdentity?,
        decode decodeAnswer: (Exchange, Call) throws -> Value
    ) async throws -> WriteResult<Value> {
        let call = Call(method: method, path: path, body: body, style: .write)
        switch try await perform(call, identity: identity ?? .random()) {
        case .answered(let exchange): return .applied(try decodeAnswer(exchange, call), exchange.receipt)
        case .refusedRepeat(let exchange, let refusal): return .refusedRepeat(exchange.receipt, refusal: refusal)
        }
    }

    /// The id of an `{"Id": {"id": N}}` answer.
    func decodeId(_ exchange: Exchange, of call: Call) throws -> Int {
        let items = try decode(ResponseEnvelope<ItemOrId<IgnoredObject>>.self, from: exchange, of: call).items
        for case .id(let id) in items { return id }
        throw BunqError.malformedResponse(method: call.method, path: call.path, detail: "no Id in the answer")
    }

    nonisolated func decode<T: Decodable>(_ type: T.Type, from exchange: Exchange, of call: Call) throws -> T {
        do {
            return try WireJSON.decoder().decode(T.self, from: Data(exchange.answer.body))
        } catch {
            throw BunqError.malformedResponse(method: call.method, path: call.path, detail: Self.summary(of: error))
        }
    }

    /// A decoding error in one line: where and what, never the body itself.
    private static func summary(of error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        let (context, what): (DecodingError.Context, String)
        switch error {
        case .typeMismatch(let type, let c): (context, what) = (c, "expected \(type)")
        case .valueNotFound(let type, let c): (context, what) = (c, "missing \(type)")
        case .keyNotFound(let key, let c): (context, what) = (c, "missing key \"\(key.stringValue)\"")
        case .dataCorrupted(let c): (context, what) = (c, c.debugDescription)
        @unknown default: return "\(error)"
        }
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return "\(what) at \(path.isEmpty ? "top level" : path)"
    }
}

/// Any JSON object, not looked into.
struct IgnoredObject: Decodable {}
