/// Monetary accounts: the generic listing and the per-kind endpoints.
enum MonetaryAccountHandlers {
    static let routes: [Route] = [
        Route("GET", "/user/{id}/monetary-account", { try list(&$0, $1, kind: nil) }),
        Route("GET", "/user/{id}/monetary-account/{id}", { try read(&$0, $1, kind: nil) }),
        Route("GET", "/user/{id}/monetary-account-bank", { try list(&$0, $1, kind: .bank) }),
        Route("GET", "/user/{id}/monetary-account-bank/{id}", { try read(&$0, $1, kind: .bank) }),
        Route("GET", "/user/{id}/monetary-account-savings", { try list(&$0, $1, kind: .savings) }),
        Route("GET", "/user/{id}/monetary-account-savings/{id}", { try read(&$0, $1, kind: .savings) }),
        Route("GET", "/user/{id}/monetary-account-card", { try list(&$0, $1, kind: .card) }),
        Route("GET", "/user/{id}/monetary-account-card/{id}", { try read(&$0, $1, kind: .card) }),
        Route("PUT", "/user/{id}/monetary-account-card/{id}", updateCardAccount)
    ]

    static func list(_ state: inout EmulatorState, _ request: HandlerRequest, kind: MonetaryAccount.Kind?) throws -> Reply {
        try UserHandlers.requireUser(request.ids[0], state, request)
        let accounts = state.monetaryAccounts.filter { kind == nil || $0.kind == kind }.sorted { $0.id > $1.id }
        let page = try Page(ids: accounts.map(\.id), query: request.query, path: request.path)
        let owner = state.user
        return Reply(
            body: Envelope.response(
                page.range.map { Envelope.typed(accounts[$0].kind.rawValue, accounts[$0].wire(owner: owner)) },
                pagination: page.pagination))
    }

    static func read(_ state: inout EmulatorState, _ request: HandlerRequest, kind: MonetaryAccount.Kind?) throws -> Reply {
        let account = try find(request.ids[1], kind: kind, state, request)
        return Reply(body: Envelope.response([Envelope.typed(account.kind.rawValue, account.wire(owner: state.user))]))
    }

    static func find(_ id: Int, kind: MonetaryAccount.Kind?, _ state: EmulatorState, _ request: HandlerRequest) throws -> MonetaryAccount {
        try UserHandlers.requireUser(request.ids[0], state, request)
        guard let account = state.monetaryAccounts.first(where: { $0.id == id && (kind == nil || $0.kind == kind) }) else {
            throw BunqError.notFound(kind?.rawValue ?? "MonetaryAccount")
        }
        return account
    }

    /// Every field of MonetaryAccountCard is read-only in bunq's spec: any field is superfluous,
    /// and an empty PUT changes nothing.
    static func updateCardAccount(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        let account = try find(request.ids[1], kind: .card, state, request)
        let body = try RequestBody(request.body)
        try body.rejectUnknown(allowed: [])
        return Reply(body: Envelope.id(account.id))
    }
}
