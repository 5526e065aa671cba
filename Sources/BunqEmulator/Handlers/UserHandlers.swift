/// `/user`, `/user/{id}` and `/user-person/{id}`.
enum UserHandlers {
    static let routes: [Route] = [
        Route("GET", "/user", list),
        Route("GET", "/user/{id}", read),
        Route("GET", "/user-person/{id}", read)
    ]

    /// The path's user id must be the session's user; any other user is not found.
    static func requireUser(_ id: Int, _ state: EmulatorState, _ request: HandlerRequest) throws {
        guard id == state.user.id, request.sessionUserId == nil || request.sessionUserId == id else {
            throw BunqError.notFound("User")
        }
    }

    static func list(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        let page = try Page(ids: [state.user.id], query: request.query, path: request.path)
        return Reply(
            body: Envelope.response(
                page.range.map { _ in Envelope.typed("UserPerson", state.user.wire) },
                pagination: page.pagination))
    }

    static func read(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        try requireUser(request.ids[0], state, request)
        return Reply(body: Envelope.response([Envelope.typed("UserPerson", state.user.wire)]))
    }
}
