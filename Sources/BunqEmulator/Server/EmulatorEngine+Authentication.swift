import Foundation

/// Who is calling, as established from the token.
struct Caller {
    var installationId: Int?
    var deviceServerId: Int?
    var sessionId: Int?
    var userId: Int?
    /// Where this caller's request ids are remembered.
    var requestIdBucket: String?
}

extension EmulatorEngine {
    /// Checks the token the route needs and the body signature, the way bunq does:
    /// a bad or expired token is 401, a bad signature 401, a missing mandatory one 466.
    func authenticate(_ request: IncomingRequest, route: Route, now: Date) throws -> Caller {
        switch route.authentication {
        case .none:
            return Caller()
        case .installation:
            guard let token = request.authentication,
                let installation = state.apiContext.installations.first(where: { $0.token == token })
            else {
                throw BunqError.insufficientAuthorisation
            }
            try verifySignature(request, installationId: installation.id, required: route.signatureRequired)
            return Caller(installationId: installation.id, requestIdBucket: "installation:\(installation.id)")
        case .session:
            guard let token = request.authentication,
                let session = state.apiContext.sessions.first(where: { $0.token == token })
            else {
                throw BunqError.insufficientAuthorisation
            }
            // No extension on use: bunq's docs disagree on when a session is extended, and a
            // client that renews in time works with either reading (docs/emulator.md).
            guard let expiry = BunqTimestamp.date(from: session.expiresAt), expiry > now else {
                throw BunqError.insufficientAuthorisation
            }
            try verifySignature(request, installationId: session.installationId, required: route.signatureRequired)
            return Caller(
                installationId: session.installationId, deviceServerId: session.deviceServerId,
                sessionId: session.id, userId: session.userId, requestIdBucket: "device:\(session.deviceServerId)")
        }
    }

    private func verifySignature(_ request: IncomingRequest, installationId: Int, required: Bool) throws {
        guard let signature = request.signature, !signature.isEmpty else {
            if required { throw BunqError(466, "Request signature required.") }
            return
        }
        guard let key = clientKeys[installationId],
            RequestSignatures.isValid(signature, body: request.body, key: key)
        else {
            throw BunqError(401, "Request signature verification failed.")
        }
    }

    /// A request id may be used once per device; a repeat is refused and changes nothing.
    func checkRequestId(_ requestId: String?, caller: Caller) throws {
        guard let requestId, !requestId.isEmpty, let bucket = caller.requestIdBucket else { return }
        if usedRequestIds[bucket, default: []].contains(requestId) {
            let refusal = configuration.reusedRequestId
            throw BunqError(refusal.status, refusal.description(for: requestId))
        }
        usedRequestIds[bucket, default: []].insert(requestId)
        if let deviceId = caller.deviceServerId,
            let index = state.apiContext.deviceServers.firstIndex(where: { $0.id == deviceId })
        {
            state.apiContext.deviceServers[index].usedRequestIds.append(requestId)
        } else if let installationId = caller.installationId,
            let index = state.apiContext.installations.firstIndex(where: { $0.id == installationId })
        {
            state.apiContext.installations[index].usedRequestIds.append(requestId)
        }
    }

    func indexNewInstallations() {
        for installation in state.apiContext.installations where clientKeys[installation.id] == nil {
            clientKeys[installation.id] = RequestSignatures.publicKey(fromPEM: installation.clientPublicKeyPem)
        }
    }
}
