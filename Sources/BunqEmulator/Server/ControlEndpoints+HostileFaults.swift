/// The control endpoint's fault kinds for answers bunq never sends: redirects, bodies that
/// arrive too slowly or never end, oversized bodies, two signatures, looping pagination.
extension ControlEndpoints {
    static let hostileFaultKinds = ["redirect", "drip", "stall", "oversize", "double-signature", "loop-pagination"]
    static let hostileFaultKeys: Set<String> = ["location", "bytes", "valid_first"]

    static func hostileFault(_ kind: String, _ fields: RequestBody, method: String?, pattern: String?, nth: Int) throws -> Fault {
        switch kind {
        case "redirect":
            let code = try fields.int("code") ?? 307
            guard [301, 302, 303, 307, 308].contains(code) else {
                throw BunqError.badRequest("A redirect fault's \"code\" is 301, 302, 303, 307 or 308.")
            }
            return .redirect(code: code, location: try fields.string("location"), method: method, pathPattern: pattern, nth: nth)
        case "drip":
            guard let bytes = try fields.int("bytes"), bytes >= 1,
                let milliseconds = try fields.int("milliseconds"), milliseconds >= 0
            else {
                throw BunqError.badRequest("A drip fault needs \"bytes\" (1 or more per step) and \"milliseconds\" between steps.")
            }
            return .drip(bytes: bytes, intervalMilliseconds: milliseconds, method: method, pathPattern: pattern, nth: nth)
        case "stall":
            return .stall(method: method, pathPattern: pattern, nth: nth)
        case "oversize":
            guard let bytes = try fields.int("bytes"), bytes >= 1 else {
                throw BunqError.badRequest("An oversize fault needs \"bytes\", the size to pad the body to.")
            }
            return .oversize(bytes: bytes, method: method, pathPattern: pattern, nth: nth)
        case "double-signature":
            let validFirst: Bool
            switch fields.value("valid_first") {
            case nil: validFirst = true
            case .bool(let value)?: validFirst = value
            default: throw BunqError.badRequest("\"valid_first\" must be true or false.")
            }
            return .doubleSignature(validFirst: validFirst, method: method, pathPattern: pattern, nth: nth)
        default:
            return .loopPagination(method: method, pathPattern: pattern, nth: nth)
        }
    }
}
