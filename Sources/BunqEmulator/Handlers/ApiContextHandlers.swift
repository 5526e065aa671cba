import Foundation

/// installation, device-server and session-server: how a client gets its tokens.
enum ApiContextHandlers {
    static let routes: [Route] = [
        Route("POST", "/installation", auth: .none, createInstallation),
        Route("GET", "/installation", listInstallations),
        Route("GET", "/installation/{id}", readInstallation),
        Route("GET", "/installation/{id}/server-public-key", readServerPublicKey),
        Route("POST", "/device-server", auth: .installation, createDeviceServer),
        Route("GET", "/device-server", listDeviceServers),
        Route("GET", "/device-server/{id}", readDeviceServer),
        Route("POST", "/session-server", auth: .installation, signatureRequired: true, createSession),
        Route("DELETE", "/session/{id}", deleteSession)
    ]

    static func token(id: Int, created: String, token: String) -> JSONValue {
        Envelope.typed(
            "Token",
            .object([
                ("id", .int(id)), ("created", .string(created)), ("updated", .string(created)), ("token", .string(token))
            ]))
    }

    static func createInstallation(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        let body = try RequestBody(request.body)
        try body.rejectUnknown(allowed: ["client_public_key"])
        let pem = try body.requiredString("client_public_key")
        guard RequestSignatures.publicKey(fromPEM: pem) != nil else {
            throw BunqError.badRequest("The client public key is not a valid RSA public key of at least 2048 bits in PEM format.")
        }
        let installation = Installation(
            id: state.allocateId(), created: request.timestamp,
            token: RequestSignatures.randomToken(), clientPublicKeyPem: pem)
        state.apiContext.installations.append(installation)
        let tokenId = state.allocateId()
        return Reply(
            body: Envelope.response([
                Envelope.typed("Id", .object([("id", .int(installation.id))])),
                token(id: tokenId, created: installation.created, token: installation.token),
                Envelope.typed("ServerPublicKey", .object([("server_public_key", .string(request.serverPublicKeyPem))]))
            ]), committed: true)
    }

    static func listInstallations(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        Reply(body: Envelope.response([Envelope.typed("Id", .object([("id", .int(request.installationId ?? 0))]))]))
    }

    static func readInstallation(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        guard request.ids[0] == request.installationId else { throw BunqError.notFound("Installation") }
        return Reply(body: Envelope.response([Envelope.typed("Id", .object([("id", .int(request.ids[0]))]))]))
    }

    static func readServerPublicKey(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        guard request.ids[0] == request.installationId else { throw BunqError.notFound("Installation") }
        return Reply(
            body: Envelope.response([
                Envelope.typed("ServerPublicKey", .object([("server_public_key", .string(request.serverPublicKeyPem))]))
            ]))
    }

    /// The API key must be non-empty, and listed when the state file lists `api_keys`.
    static func checkApiKey(_ secret: String, in state: EmulatorState) throws {
        guard !secret.isEmpty, state.apiKeys.map({ $0.contains(secret) }) ?? true else {
            throw BunqError.badRequest("User credentials are incorrect. Incorrect API key or IP address.")
        }
    }

    static func createDeviceServer(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        let body = try RequestBody(request.body)
        try body.rejectUnknown(allowed: ["description", "secret", "permitted_ips"])
        let description = try body.requiredString("description")
        let secret = try body.requiredString("secret")
        let ips = try (body.array("permitted_ips") ?? []).map { item -> String in
            guard let ip = item.stringValue else { throw BunqError.badRequest("Field \"permitted_ips\" must be an array of strings.") }
            return ip
        }
        try checkApiKey(secret, in: state)
        let device = DeviceServer(
            id: state.allocateId(), installationId: request.installationId!, created: request.timestamp,
            description: description, apiKeyHash: RequestSignatures.hexSHA256(secret), permittedIps: ips)
        state.apiContext.deviceServers.append(device)
        return Reply(body: Envelope.id(device.id), committed: true)
    }

    static func deviceWire(_ device: DeviceServer) -> JSONValue {
        Envelope.typed(
            "DeviceServer",
            .object([
                ("id", .int(device.id)), ("created", .string(device.created)), ("updated", .string(device.created)),
                ("description", .string(device.description)), ("ip", .string("127.0.0.1")), ("status", .string("ACTIVE"))
            ]))
    }

    static func listDeviceServers(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        let devices = state.apiContext.deviceServers.filter { $0.installationId == request.installationId }.reversed()
        return Reply(body: Envelope.response(devices.map(deviceWire)))
    }

    static func readDeviceServer(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        guard let device = state.apiContext.deviceServers.first(where: { $0.id == request.ids[0] && $0.installationId == request.installationId }) else {
            throw BunqError.notFound("DeviceServer")
        }
        return Reply(body: Envelope.response([deviceWire(device)]))
    }

    static func createSession(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        let body = try RequestBody(request.body)
        try body.rejectUnknown(allowed: ["secret"])
        let secret = try body.requiredString("secret")
        try checkApiKey(secret, in: state)
        let hash = RequestSignatures.hexSHA256(secret)
        guard let device = state.apiContext.deviceServers.last(where: { $0.installationId == request.installationId && $0.apiKeyHash == hash }) else {
            throw BunqError.badRequest("User credentials are incorrect. Incorrect API key or IP address.")
        }
        let timeout = request.sessionTimeoutOverride ?? state.user.sessionTimeout
        let expiry = request.now.addingTimeInterval(TimeInterval(timeout))
        // Expired sessions are dropped here so the state file does not grow without bound.
        state.apiContext.sessions.removeAll { session in
            BunqTimestamp.date(from: session.expiresAt).map { $0 <= request.now } ?? true
        }
        let session = SessionServer(
            id: state.allocateId(), created: request.timestamp, token: RequestSignatures.randomToken(),
            installationId: device.installationId, deviceServerId: device.id, userId: state.user.id,
            expiresAt: BunqTimestamp.string(from: expiry))
        state.apiContext.sessions.append(session)
        let tokenId = state.allocateId()
        var user = state.user
        if let override = request.sessionTimeoutOverride { user.sessionTimeout = override }
        return Reply(
            body: Envelope.response([
                Envelope.typed("Id", .object([("id", .int(session.id))])),
                token(id: tokenId, created: session.created, token: session.token),
                Envelope.typed("UserPerson", user.wire)
            ]), committed: true)
    }

    /// `DELETE /session/0` ends the calling session (the SDK passes 0 for "this one").
    static func deleteSession(_ state: inout EmulatorState, _ request: HandlerRequest) throws -> Reply {
        let target = request.ids[0] == 0 ? request.sessionId : request.ids[0]
        guard let index = state.apiContext.sessions.firstIndex(where: { $0.id == target && $0.installationId == request.installationId }) else {
            throw BunqError.notFound("Session")
        }
        state.apiContext.sessions.remove(at: index)
        return Reply(body: Envelope.response([]), committed: true)
    }
}
