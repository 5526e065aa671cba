import Crypto
import Foundation
import Logging
import _CryptoExtras

/// The emulator's core: every bunq rule applied to one request at a time.
///
/// Requests are handled one by one under a lock, so every check (rate limit, request id,
/// state change, save) is atomic, like a bank's transaction.
final class EmulatorEngine: @unchecked Sendable {
    let lock = NSLock()
    var state: EmulatorState
    let configuration: EmulatorConfiguration
    let routes: RouteTable
    var rateLimiter = RateLimiter()
    var faults = FaultInjector()
    var callLog: [RecordedCall] = []
    let bodyLog: RequestBodyLog?
    let serverKey: _RSA.Signing.PrivateKey
    let serverPublicKeyPem: String
    /// Parsed client keys by installation id.
    var clientKeys: [Int: _RSA.Signing.PublicKey] = [:]
    /// Used request ids by bucket ("installation:N" or "device:N"), mirroring the state.
    var usedRequestIds: [String: Set<String>] = [:]
    let logger: Logger
    let stateFileWriter = StateFileWriter()

    init(state initial: EmulatorState, configuration: EmulatorConfiguration, logger: Logger) throws {
        var state = initial
        if let pem = state.apiContext.serverPrivateKeyPem {
            serverKey = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
        } else {
            serverKey = try RequestSignatures.newServerKey()
            state.apiContext.serverPrivateKeyPem = serverKey.pkcs8PEMRepresentation
        }
        serverPublicKeyPem = serverKey.publicKey.pemRepresentation
        self.state = state
        self.configuration = configuration
        self.routes = RouteTable(EmulatorEngine.allRoutes)
        self.logger = logger
        bodyLog = RequestBodyLog.fromEnvironment(logger: logger)
        rebuildIndexes()
    }

    /// Writes the state file now (at start, so a missing file appears with the demo state).
    func persistNow() {
        lock.lock()
        defer { lock.unlock() }
        persist()
    }

    /// Re-derives the in-memory lookups from the state (after load or a test's `mutate`).
    func rebuildIndexes() {
        clientKeys = [:]
        for installation in state.apiContext.installations {
            clientKeys[installation.id] = RequestSignatures.publicKey(fromPEM: installation.clientPublicKeyPem)
        }
        usedRequestIds = [:]
        for installation in state.apiContext.installations {
            usedRequestIds["installation:\(installation.id)"] = Set(installation.usedRequestIds)
        }
        for device in state.apiContext.deviceServers {
            usedRequestIds["device:\(device.id)"] = Set(device.usedRequestIds)
        }
    }

    func persist() {
        guard let path = configuration.statePath else { return }
        do {
            try AtomicFile.store(try stateFileWriter.encode(state), at: path)
        } catch {
            logger.error("\(error)")
        }
    }

    /// Handles one request: routing, faults, limits, authentication, signature, request id,
    /// the handler, saving, signing. Never throws: every failure is an HTTP answer.
    func handle(_ request: IncomingRequest) -> Outcome {
        let now = Date()
        let responseId = UUID().uuidString.lowercased()
        let relative = request.path.hasPrefix("/v1/") ? String(request.path.dropFirst(3)) : nil
        let (template, _) = RouteTable.template(of: relative ?? request.path)

        lock.lock()
        let processed = process(request, relative: relative, template: template, now: now)
        let drop = processed.committed && faults.dropAfterCommit(method: request.method, template: template)
        let tamper = processed.signed && !drop && faults.tamperSignature(method: request.method, template: template)
        let padTo = processed.signed && !drop ? faults.oversize(method: request.method, template: template) : nil
        let validFirst = processed.signed && !drop ? faults.doubleSignature(method: request.method, template: template) : nil
        let delivery = drop ? .whole : faults.delivery(method: request.method, template: template)
        record(request, template: template, status: drop ? 0 : processed.status, responseId: responseId, time: now, dropped: drop)
        // A dropped answer still counts as accepted when the write was committed.
        bodyLog?.append(request, template: template, status: processed.status, body: EmulatorEngine.recordedBody(request, template: template))
        lock.unlock()

        if drop { return Outcome(status: processed.status, headers: [], body: [], dropConnection: true) }
        var body = processed.body
        // Trailing spaces keep the JSON valid, so only the size is wrong.
        if let padTo, body.count < padTo { body += [UInt8](repeating: UInt8(ascii: " "), count: padTo - body.count) }
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        headers += processed.headers
        if let requestId = request.requestId { headers.append(("X-Bunq-Client-Request-Id", requestId)) }
        headers.append(("X-Bunq-Client-Response-Id", responseId))
        if processed.signed {
            // Signed outside the lock: RSA is the slowest step of a request.
            var signature = (try? RequestSignatures.sign(body, with: serverKey)) ?? ""
            if tamper { signature = EmulatorEngine.tampered(signature) }
            if let validFirst {
                let pair = [signature, EmulatorEngine.tampered(signature)]
                for value in validFirst ? pair : pair.reversed() { headers.append(("X-Bunq-Server-Signature", value)) }
            } else {
                headers.append(("X-Bunq-Server-Signature", signature))
            }
        }
        return Outcome(status: processed.status, headers: headers, body: body, delivery: delivery)
    }

    /// A signature that still looks like one but no longer verifies.
    static func tampered(_ signature: String) -> String {
        guard var raw = Data(base64Encoded: signature), !raw.isEmpty else { return "AAAA" }
        raw[raw.count / 2] ^= 0x5A
        return raw.base64EncodedString()
    }

    /// The part of `handle` that runs under the lock.
    private func process(_ request: IncomingRequest, relative: String?, template: String, now: Date) -> Processed {
        func failure(_ error: BunqError, headers: [(String, String)] = []) -> Processed {
            Processed(status: error.status, body: JSONSerializer.bytes(Envelope.error(error.descriptions)), headers: headers)
        }
        guard let relative else { return failure(BunqError(404, "Route not found.")) }
        let route: Route
        let ids: [Int]
        switch routes.lookup(method: request.method, path: relative) {
        case .notFound:
            return failure(BunqError(404, "Route not found."))
        case .methodNotAllowed(let allowed):
            return failure(
                BunqError(405, "Method \(request.method) is not allowed on this endpoint."),
                headers: [("Allow", allowed.joined(separator: ", "))])
        case .found(let found, let foundIds):
            route = found
            ids = foundIds
        }

        if let code = faults.statusOverride(method: request.method, template: template) {
            let text: String
            switch code {
            case 429: text = RateLimiter.message(RateLimiter.limit(method: request.method, template: template))
            case 500: text = "Internal server error."
            default: text = "Injected fault: HTTP \(code)."
            }
            return failure(BunqError(code, text))
        }
        if let redirect = faults.redirect(method: request.method, template: template) {
            return Processed(status: redirect.code, body: [], headers: redirect.location.map { [("Location", $0)] } ?? [])
        }

        if configuration.rateLimits == .bunq,
            let limit = rateLimiter.admit(method: request.method, template: template, nowNanoseconds: DispatchTime.now().uptimeNanoseconds)
        {
            return failure(BunqError(429, RateLimiter.message(limit)))
        }

        // bunq's docs list User-Agent as required on every request (any value).
        guard let userAgent = request.userAgent, !userAgent.isEmpty else {
            return failure(BunqError(400, "The header \"User-Agent\" is required."))
        }

        let caller: Caller
        do {
            caller = try authenticate(request, route: route, now: now)
            try checkRequestId(request.requestId, caller: caller)
        } catch let error as BunqError {
            return failure(error)
        } catch {
            return failure(BunqError(500, "Internal server error."))
        }

        var parsedBody: JSONValue?
        if request.method == "POST" || request.method == "PUT", !request.body.isEmpty {
            do {
                parsedBody = try JSONParser.parse(request.body)
            } catch let error as JSONParser.Failure {
                return failure(BunqError(400, "The request body is not valid JSON: \(error.message)"))
            } catch {
                return failure(BunqError(400, "The request body is not valid JSON."))
            }
        }

        let handlerRequest = HandlerRequest(
            ids: ids, query: EmulatorEngine.parseQuery(request.query), body: parsedBody, path: relative, now: now,
            installationId: caller.installationId, deviceServerId: caller.deviceServerId, sessionId: caller.sessionId,
            sessionUserId: caller.userId,
            serverPublicKeyPem: serverPublicKeyPem, sessionTimeoutOverride: configuration.sessionTimeoutSeconds,
            nameChangeReprintsOverride: configuration.nameChangeReprints
        )
        do {
            var reply = try route.handler(&state, handlerRequest)
            if let loop = faults.loopPagination(method: request.method, template: template) {
                reply.body = EmulatorEngine.loopingOlderURL(reply.body, path: request.path, query: request.query, loop: loop)
            }
            if reply.committed {
                if route.authentication == .none { indexNewInstallations() }
                persist()
            }
            let ok = (200..<300).contains(reply.status)
            return Processed(status: reply.status, body: JSONSerializer.bytes(reply.body), signed: ok, committed: reply.committed && ok)
        } catch let error as BunqError {
            return failure(error)
        } catch {
            logger.error("handler failed: \(error)")
            return failure(BunqError(500, "Internal server error."))
        }
    }

    /// Reads `a=1&b=2` into a dictionary, percent-decoding each part.
    static func parseQuery(_ query: String?) -> [String: String] {
        guard let query, !query.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(parts[1])) : ""
            result[key] = value
        }
        return result
    }

    private func record(_ request: IncomingRequest, template: String, status: Int, responseId: String, time: Date, dropped: Bool) {
        callLog.append(
            RecordedCall(
                method: request.method, path: request.path, query: request.query, template: template, status: status,
                requestId: request.requestId, responseId: responseId, requestBody: EmulatorEngine.recordedBody(request, template: template),
                time: time, dropped: dropped
            ))
    }

    /// The body as logs keep it: the API key that device-server and session-server carry is redacted.
    static func recordedBody(_ request: IncomingRequest, template: String) -> [UInt8] {
        template == "/device-server" || template == "/session-server" ? redactingSecret(request.body) : request.body
    }

    /// The body with the API key (`secret`) replaced, so the call log never holds it.
    static func redactingSecret(_ body: [UInt8]) -> [UInt8] {
        guard let parsed = try? JSONParser.parse(body), let members = parsed.objectMembers else {
            return body.isEmpty ? body : Array("[redacted]".utf8)
        }
        let redacted = members.map { key, value in key == "secret" ? (key, JSONValue.string("[redacted]")) : (key, value) }
        return JSONSerializer.bytes(.object(redacted))
    }
}
