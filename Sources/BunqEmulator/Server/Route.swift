import Foundation

/// Which token a route needs in `X-Bunq-Client-Authentication`.
enum Authentication {
    /// POST /installation: no token, no signature.
    case none
    /// device-server and session-server: the installation token.
    case installation
    /// Everything else: a live session token.
    case session
}

/// What a handler sees of a request that passed authentication, signature and id checks.
struct HandlerRequest {
    /// The numeric path segments in order, e.g. `[userId, cardId]`.
    let ids: [Int]
    let query: [String: String]
    let body: JSONValue?
    let path: String
    let now: Date
    let installationId: Int?
    let deviceServerId: Int?
    let sessionId: Int?
    let sessionUserId: Int?
    let serverPublicKeyPem: String
    let sessionTimeoutOverride: Int?
    /// The configuration's override of `options.name_change_reprints`.
    var nameChangeReprintsOverride: Bool? = nil

    var timestamp: String { BunqTimestamp.string(from: now) }
}

/// A handler's answer; `committed` says the state changed and must be saved.
struct Reply {
    var status = 200
    var body: JSONValue
    var committed = false
}

typealias Handler = (inout EmulatorState, HandlerRequest) throws -> Reply

/// One endpoint: method, path template (ids as `{id}`) and its handler.
struct Route {
    let method: String
    let template: String
    let authentication: Authentication
    /// bunq insists on a signature only for session-server (and payments, not emulated).
    let signatureRequired: Bool
    let handler: Handler

    init(
        _ method: String, _ template: String, auth: Authentication = .session, signatureRequired: Bool = false,
        _ handler: @escaping Handler
    ) {
        self.method = method
        self.template = template
        self.authentication = auth
        self.signatureRequired = signatureRequired
        self.handler = handler
    }
}

/// Finds the route for a path by its template: every all-digit segment becomes `{id}`.
struct RouteTable {
    private var routes: [String: [String: Route]] = [:]

    init(_ all: [Route]) {
        for route in all {
            routes[route.template, default: [:]][route.method] = route
        }
    }

    enum Lookup {
        case found(Route, ids: [Int])
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    /// `path` is relative to `/v1`, e.g. `/user/7/card`.
    func lookup(method: String, path: String) -> Lookup {
        let (template, ids) = RouteTable.template(of: path)
        guard let byMethod = routes[template] else { return .notFound }
        guard let route = byMethod[method] else { return .methodNotAllowed(allowed: byMethod.keys.sorted()) }
        return .found(route, ids: ids)
    }

    /// `/user/7/card/42` → (`/user/{id}/card/{id}`, [7, 42]); the rate-limit bucket and fault pattern.
    static func template(of path: String) -> (String, [Int]) {
        var ids: [Int] = []
        var parts: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            if !segment.isEmpty, segment.utf8.count <= 18, segment.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let id = Int(segment) {
                ids.append(id)
                parts.append("{id}")
            } else {
                parts.append(segment)
            }
        }
        return ("/" + parts.joined(separator: "/"), ids)
    }
}
