/// `/user/{id}/certificate-pinned`: POST a chain (an array of `{certificate: PEM}`), read it
/// back as ONE newline-joined string, DELETE it. There is no update.
enum CertificatePinHandlers {
    static let routes: [Route] = [
        Route("GET", "/user/{id}/certificate-pinned", list),
        Route("POST", "/user/{id}/certificate-pinned", create),
        Route("GET", "/user/{id}/certificate-pinned/{id}", read),
        Route("DELETE", "/user/{id}/certificate-pinned/{id}", delete)
    ]

    static func wire(_ pin: CertificatePin) -> JSONValue {
        Envelope.typed("CertificatePinned", pin.wire)
    }

    static func list(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        try UserHandlers.requireUser(request.ids[0], state, request)
        let pins = state.certificatePins.sorted { $0.id > $1.id }
        let page = try Page(ids: pins.map(\.id), query: request.query, path: request.path)
        return Reply(body: Envelope.response(page.range.map { wire(pins[$0]) }, pagination: page.pagination))
    }

    static func find(_ state: EmulatorState, _ request: HandlerRequest) throws -> Int {
        try UserHandlers.requireUser(request.ids[0], state, request)
        guard let index = state.certificatePins.firstIndex(where: { $0.id == request.ids[1] }) else {
            throw BunqError.notFound("CertificatePinned")
        }
        return index
    }

    static func read(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        Reply(body: Envelope.response([wire(state.certificatePins[try find(state, request)])]))
    }

    static func create(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        try UserHandlers.requireUser(request.ids[0], state, request)
        let body = try RequestBody(request.body)
        try body.rejectUnknown(allowed: ["certificate_chain"])
        guard let items = try body.array("certificate_chain"), !items.isEmpty else {
            throw BunqError.badRequest("Field \"certificate_chain\" is required: an array of {\"certificate\": PEM}.")
        }
        let certificates = try items.map { item -> String in
            let entry = try RequestBody(item)
            try entry.rejectUnknown(allowed: ["certificate"])
            let pem = try entry.requiredString("certificate")
            guard PEMCertificate.isCertificate(pem) else {
                throw BunqError.badRequest("The certificate is not a PEM encoded X.509 certificate.")
            }
            return pem
        }
        let pin = CertificatePin(id: state.allocateId(), created: request.timestamp, certificates: certificates)
        state.certificatePins.append(pin)
        return Reply(body: Envelope.id(pin.id), committed: true)
    }

    static func delete(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        let index = try find(state, request)
        state.certificatePins.remove(at: index)
        return Reply(body: Envelope.response([]), committed: true)
    }
}
