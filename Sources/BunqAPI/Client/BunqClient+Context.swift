import Foundation
import Logging

/// Creating, restoring and renewing the API context: installation, device-server, session-server.
extension BunqClient {
    /// A session with more than the renewal margin left, opening one if needed.
    func validSession() async throws -> APIContext.Session {
        try await ensureDevice()
        if let session = context?.session, hasTimeLeft(session) {
            return session
        }
        return try await renewSession(replacing: context?.session?.token)
    }

    /// Opens a new session in place of the one with `oldToken` (expiring, or refused with
    /// 401). Concurrent callers share one renewal, and one refused token is replaced only
    /// once. bunq allows one session-server per 30 s; the limiter waits for that.
    func renewSession(replacing oldToken: String?) async throws -> APIContext.Session {
        if let current = context?.session, current.token != oldToken, hasTimeLeft(current) {
            return current
        }
        if let running = sessionRenewal {
            return try await running.value
        }
        let renewal = Task { try await self.openSession() }
        sessionRenewal = renewal
        defer { sessionRenewal = nil }
        return try await renewal.value
    }

    private func hasTimeLeft(_ session: APIContext.Session) -> Bool {
        let left = session.expires.timeIntervalSinceNow
        let margin = configuration.sessionRenewalMargin
        return left > Double(margin.components.seconds) + Double(margin.components.attoseconds) / 1e18
    }

    /// Restores the saved context, or creates the installation and device it lacks.
    private func ensureDevice() async throws {
        if context?.deviceServerId != nil, keyPair != nil, serverKey != nil { return }
        if let running = contextSetup {
            return try await running.value
        }
        let setup = Task { try await self.setUpContext() }
        contextSetup = setup
        defer { contextSetup = nil }
        try await setup.value
    }

    private func setUpContext() async throws {
        if !savedContextLoaded {
            savedContextLoaded = true
            try await restoreSavedContext()
        }
        if context == nil { try await createInstallation() }
        if context?.deviceServerId == nil { try await registerDevice() }
    }

    private func restoreSavedContext() async throws {
        guard let store, let saved = try store.load() else { return }
        guard saved.belongs(to: configuration.environment, apiKey: apiKey) else {
            // Said by default: the old context file is about to be replaced.
            logger.notice("the API context in \(store.path) was made for another API URL or key; creating a new one in its place")
            return
        }
        do {
            keyPair = try InstallationKeyPair(pkcs8PEM: saved.installation.privateKeyPEM)
            serverKey = try ServerPublicKey(pem: saved.installation.serverPublicKeyPEM)
        } catch {
            keyPair = nil
            throw BunqError.context(path: store.path, detail: "holds a key that cannot be read (\(error))")
        }
        context = saved
        if store.isReadableByOthers() {
            logger.warning("\(store.path) holds the keys to the bunq account and is readable by others: chmod 600 it")
        }
        if let session = saved.session {
            // The previous run may have opened it moments ago: bunq still counts it. The file
            // keeps whole seconds, so it may have been answered up to a second after the time
            // saved; counting it as that much younger never sends the next one early.
            let age = max(0, Date().timeIntervalSince(session.created) - 1)
            await limiter.recordEarlierRequest(method: "POST", path: "/session-server", answeredAgo: .seconds(age))
        }
        logger.info("reusing the API context in \(store.path) (device \(saved.deviceServerId.map(String.init) ?? "none"))")
    }

    private func createInstallation() async throws {
        let pair = try InstallationKeyPair.generate()
        keyPair = pair
        let call = Call(
            method: "POST", path: "/installation",
            body: try encodeBody(ContextWire.InstallationRequest(clientPublicKey: pair.publicKeyPEM), path: "/installation"),
            authentication: .none, style: .read, verifiesSignature: false)
        let exchange = try await answered(call)
        let parts = try decodeParts(exchange, of: call)
        guard let token = parts.lazy.compactMap({ if case .token(let t) = $0 { t } else { nil } }).first,
            let pem = parts.lazy.compactMap({ if case .serverPublicKey(let k) = $0 { k } else { nil } }).first
        else {
            throw BunqError.incompleteContext("the installation answer lacks a Token or ServerPublicKey")
        }
        let key: ServerPublicKey
        do {
            key = try ServerPublicKey(pem: pem)
        } catch {
            throw BunqError.malformedResponse(method: call.method, path: call.path, detail: "unreadable server public key")
        }
        // Nothing to check against before this answer; if it is signed, it must be by the key it brings.
        if exchange.answer.headers(named: "X-Bunq-Server-Signature").count > 1 {
            throw BunqError.duplicateServerSignature(
                method: call.method, path: call.path, responseId: exchange.answer.header("X-Bunq-Client-Response-Id"))
        }
        if let signature = exchange.answer.header("X-Bunq-Server-Signature"),
            !key.isValidSignature(signature, forBody: exchange.answer.body)
        {
            throw BunqError.invalidServerSignature(
                method: call.method, path: call.path, responseId: exchange.answer.header("X-Bunq-Client-Response-Id"))
        }
        serverKey = key
        context = APIContext(
            api: configuration.environment.contextIdentity, apiKeyFingerprint: apiKey.fingerprint,
            installation: .init(privateKeyPEM: pair.privateKeyPKCS8PEM, token: token, serverPublicKeyPEM: pem))
        contextEvents.createdInstallation = true
        try saveContext()
        logger.info("registered a new installation (RSA-2048 key pair) with \(configuration.environment)")
    }

    private func registerDevice() async throws {
        let call = Call(
            method: "POST", path: "/device-server",
            body: try encodeBody(
                ContextWire.DeviceServerRequest(
                    description: configuration.deviceDescription, secret: apiKey.secret,
                    permittedIps: configuration.permittedIPs), path: "/device-server"),
            authentication: .installation, style: .read)
        let exchange = try await answered(call)
        guard let id = try decodeParts(exchange, of: call).lazy.compactMap({ if case .id(let i) = $0 { i } else { nil } }).first else {
            throw BunqError.incompleteContext("the device-server answer lacks an Id")
        }
        context?.deviceServerId = id
        contextEvents.registeredDevice = true
        try saveContext()
        logger.info("registered device-server \(id) (\"\(configuration.deviceDescription)\")")
    }

    /// Opens a session. If bunq no longer knows the saved installation or device (revoked
    /// in the app, or a reset sandbox), the context is replaced once instead of failing.
    private func openSession() async throws -> APIContext.Session {
        do {
            return try await openSessionWithCurrentDevice()
        } catch BunqError.http(let failure) where [401, 403].contains(failure.status) && !contextEvents.createdInstallation {
            logger.notice("bunq refused the saved installation (\(failure.status)); registering a new installation and device")
            context = nil
            keyPair = nil
            serverKey = nil
            try await createInstallation()
            try await registerDevice()
            return try await openSessionWithCurrentDevice()
        }
    }

    private func openSessionWithCurrentDevice() async throws -> APIContext.Session {
        let call = Call(
            method: "POST", path: "/session-server",
            body: try encodeBody(ContextWire.SessionServerRequest(secret: apiKey.secret), path: "/session-server"),
            authentication: .installation, style: .read)
        let exchange = try await answered(call)
        // Taken once answered, not before the call: pacing may have held the call for up to
        // 30 s, and the next run paces its own session from this time. The expiry it gives
        // is later than bunq's by the call's own duration, which the renewal margin covers.
        let created = Date()
        let parts = try decodeParts(exchange, of: call)
        guard let token = parts.lazy.compactMap({ if case .token(let t) = $0 { t } else { nil } }).first,
            let user = parts.lazy.compactMap({ if case .user(let u) = $0 { u } else { nil } }).first
        else {
            throw BunqError.incompleteContext("the session-server answer lacks a Token or a user")
        }
        let id = parts.lazy.compactMap({ if case .id(let i) = $0 { i } else { nil } }).first
        let lifetime =
            user.sessionTimeout.map { TimeInterval($0) }
            ?? TimeInterval(configuration.assumedSessionTimeout.components.seconds)
        let session = APIContext.Session(
            id: id, token: token, userId: user.id, userKind: user.kind, created: created,
            expires: created.addingTimeInterval(lifetime))
        context?.session = session
        contextEvents.openedSessions += 1
        try saveContext()
        logger.info("opened a session for \(user.kind) \(user.id), valid for \(Int(lifetime)) s")
        return session
    }

    func answered(_ call: Call) async throws -> Exchange {
        switch try await perform(call, identity: .random()) {
        case .answered(let exchange): return exchange
        case .refusedRepeat:
            // perform() reports this for write-style calls only; context calls are read-style.
            throw BunqError.incompleteContext("\(call.method) \(call.path) was refused as a repeated request id")
        }
    }

    private func decodeParts(_ exchange: Exchange, of call: Call) throws -> [ContextWire.Part] {
        do {
            return try WireJSON.decoder().decode(ResponseEnvelope<ContextWire.Part>.self, from: Data(exchange.answer.body)).items
        } catch {
            throw BunqError.malformedResponse(method: call.method, path: call.path, detail: "\(error)")
        }
    }

    private func saveContext() throws {
        guard let store, let context else { return }
        try store.save(context)
    }

    /// The exact bytes to send and sign: sorted keys, unescaped slashes.
    func encodeBody(_ value: some Encodable, method: String = "POST", path: String = "") throws -> [UInt8] {
        do {
            return Array(try WireJSON.encoder().encode(value))
        } catch {
            throw BunqError.invalidRequestBody(method: method, path: path, detail: "\(error)")
        }
    }
}
