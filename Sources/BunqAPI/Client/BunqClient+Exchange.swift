import Foundation
import Logging

extension BunqClient {
    /// Which token a call carries in `X-Bunq-Client-Authentication`.
    enum Authentication: Sendable {
        /// `POST /installation` only.
        case none
        /// device-server and session-server.
        case installation
        /// Everything else.
        case session
    }

    /// How a call is retried after an ambiguous failure.
    enum RetryStyle: Sendable {
        /// Re-sending cannot do harm: every attempt gets a new id.
        case read
        /// The same id is re-sent, so bunq can refuse to do the write twice.
        case write
    }

    /// One logical request, before ids, tokens and signatures.
    struct Call: Sendable {
        var method: String
        /// Relative to the base URL, with its query.
        var path: String
        var body: [UInt8]?
        var authentication: Authentication = .session
        var style: RetryStyle
        /// Off only for `POST /installation`, whose answer brings the key to check with.
        var verifiesSignature = true
        /// The first id sent may have reached bunq before: an earlier, interrupted run sent it
        /// and never learnt the answer. A refusal of it is then settled like a refused repeat.
        var identityMayBeUsed = false
        /// Off for a write whose caller settles an unclear answer by reading bunq instead of
        /// sending it again (a card batch): a timeout, reset or 5xx then ends the call at once.
        var retriesAmbiguousFailures = true
    }

    /// A 2xx answer whose signature checked out, with the attempts it took.
    struct Exchange: Sendable {
        let answer: HTTPTransport.Answer
        let identity: RequestIdentity
        let attempts: [AttemptRecord]

        var receipt: WriteReceipt {
            WriteReceipt(
                identity: identity, status: answer.status,
                responseId: answer.header("X-Bunq-Client-Response-Id"), attempts: attempts)
        }
    }

    enum Outcome: Sendable {
        case answered(Exchange)
        /// bunq refused a write whose id may have been used before (writes only): whether an
        /// earlier attempt with that id took effect is unknown until the resource is re-read.
        case refusedRepeat(Exchange, BunqError.HTTPFailure)
    }

    /// Sends `call` until it gets a usable answer or the retries run out: paced by the
    /// limiter, signed, verified, with bounded backoff after 429s and ambiguous failures.
    func perform(_ call: Call, identity firstIdentity: RequestIdentity) async throws -> Outcome {
        let policy = configuration.retryPolicy
        var identity = firstIdentity
        var attempts: [AttemptRecord] = []
        var rateLimitRetries = 0
        var ambiguousRetries = 0
        var renewedSession = false
        // True while `identity` may already have been sent: a write re-sent after an
        // ambiguous failure, or the id an interrupted run sent. bunq documents neither the
        // status nor the wording of its refusal of a repeated id, so any refusal of such an
        // id is ambiguous: the earlier attempt may have been carried out, or not.
        var identityMayBeUsed = call.style == .write && call.identityMayBeUsed

        while true {
            let token = try await authenticationToken(for: call.authentication)
            let headers = try requestHeaders(for: call, identity: identity, token: token)
            let permit = try await limiter.acquire(method: call.method, path: call.path)
            let startedAt = Date()
            let started = ContinuousClock.now
            let sent: Result<HTTPTransport.Answer, TransportFailure>
            do {
                sent = .success(
                    try await transport.send(
                        method: call.method, url: configuration.environment.baseURL + call.path, headers: headers,
                        body: call.body))
            } catch let failure as TransportFailure {
                sent = .failure(failure)
            } catch {
                await limiter.release(permit)
                throw error
            }
            await limiter.release(permit)
            let duration = ContinuousClock.now - started
            if !attempts.isEmpty { retryTimeSpent += duration }

            switch sent {
            case .failure(let failure):
                record(
                    AttemptRecord(
                        method: call.method, path: call.path, requestId: identity.headerValue, status: nil, responseId: nil,
                        failure: failure.description, startedAt: startedAt, duration: duration), into: &attempts)
                logger.debug("\(call.method) \(call.path) → no answer after \(Self.milliseconds(duration)) ms (\(failure)), request id \(identity.headerValue)")
                if failure.kind == .answerTooLarge {
                    throw BunqError.answerTooLarge(method: call.method, path: call.path, limitBytes: configuration.maxAnswerBytes)
                }
                guard call.retriesAmbiguousFailures, ambiguousRetries < policy.ambiguousFailureRetries else {
                    throw BunqError.transport(method: call.method, path: call.path, failure: failure, attempts: attempts.count)
                }
                ambiguousRetries += 1
                identity = try await backOffAfterAmbiguousFailure(
                    call, identity: identity, retry: ambiguousRetries, reason: failure.description, attempts: attempts.count)
                identityMayBeUsed = call.style == .write

            case .success(let answer):
                let responseId = answer.header("X-Bunq-Client-Response-Id")
                let checked = checkSignature(of: answer, for: call, responseId: responseId)
                record(
                    AttemptRecord(
                        method: call.method, path: call.path, requestId: identity.headerValue, status: answer.status,
                        responseId: responseId, failure: checked.map(String.init(describing:)), startedAt: startedAt,
                        duration: duration), into: &attempts)
                logger.debug(
                    "\(call.method) \(call.path) → \(answer.status) \(BunqError.HTTPFailure.reasonPhrase(answer.status)) in \(Self.milliseconds(duration)) ms, request id \(identity.headerValue)",
                    metadata: responseId.map { ["response_id": .string($0)] })
                if let checked { throw checked }
                if (200..<300).contains(answer.status) {
                    return .answered(Exchange(answer: answer, identity: identity, attempts: attempts))
                }
                // 399 is bunq's own "Not Modified"; every other 3xx is a redirect bunq never sends.
                if (300..<400).contains(answer.status), answer.status != 399 {
                    throw BunqError.redirected(
                        method: call.method, path: call.path, status: answer.status,
                        location: answer.header("Location"), responseId: responseId)
                }

                let failure = BunqError.HTTPFailure(
                    status: answer.status, method: call.method, path: call.path,
                    descriptions: (try? WireJSON.decoder().decode(ErrorBody.self, from: Data(answer.body)))?.descriptions ?? [],
                    responseId: responseId, requestId: identity.headerValue)

                if identityMayBeUsed, Self.mayBeRefusalOfRepeat(answer.status) {
                    logger.notice(
                        "\(call.method) \(call.path): bunq refused request id \(identity.headerValue) (\(answer.status)), which may have been used before; reading bunq to see whether that attempt took effect"
                    )
                    return .refusedRepeat(Exchange(answer: answer, identity: identity, attempts: attempts), failure)
                }
                switch answer.status {
                case 429:
                    guard rateLimitRetries < policy.rateLimitRetries else { throw BunqError.http(failure) }
                    rateLimitRetries += 1
                    let delay = policy.delay(beforeRetry: rateLimitRetries, base: policy.rateLimitBaseDelay, jitter: jitter())
                    try spendRetryBudget(delay, call, attempts: attempts.count, last: failure.description)
                    // A new id would drop bunq's protection against doing an earlier attempt
                    // twice; while that attempt's fate is unknown, the same id goes again.
                    if !identityMayBeUsed { identity = identity.nextAttempt() }
                    logger.notice(
                        "\(call.method) \(call.path): 429 Too Many Requests; retry \(rateLimitRetries) of \(policy.rateLimitRetries) in \(Self.milliseconds(delay)) ms with request id \(identity.headerValue)"
                    )
                    try await clock.sleep(for: delay)
                case 401 where call.authentication == .session && !renewedSession:
                    renewedSession = true
                    logger.notice("\(call.method) \(call.path): 401 Unauthorized; opening a new session and retrying once")
                    _ = try await renewSession(replacing: token)
                    if !identityMayBeUsed { identity = identity.nextAttempt() }
                case 500...599:
                    guard call.retriesAmbiguousFailures, ambiguousRetries < policy.ambiguousFailureRetries else { throw BunqError.http(failure) }
                    ambiguousRetries += 1
                    identity = try await backOffAfterAmbiguousFailure(
                        call, identity: identity, retry: ambiguousRetries, reason: "\(answer.status)",
                        attempts: attempts.count, last: failure.description)
                    identityMayBeUsed = call.style == .write
                default:
                    throw BunqError.http(failure)
                }
            }
        }
    }

    /// Waits before retrying an exchange whose fate is unknown, and picks the id to send:
    /// the same one for a write (bunq then refuses to do it twice), a new one for a read.
    private func backOffAfterAmbiguousFailure(
        _ call: Call, identity: RequestIdentity, retry: Int, reason: String, attempts: Int, last: String? = nil
    ) async throws -> RequestIdentity {
        let policy = configuration.retryPolicy
        let delay = policy.delay(beforeRetry: retry, base: policy.ambiguousFailureBaseDelay, jitter: jitter())
        try spendRetryBudget(delay, call, attempts: attempts, last: last ?? reason)
        let next = call.style == .write ? identity : identity.nextAttempt()
        logger.notice(
            "\(call.method) \(call.path): \(reason); retry \(retry) of \(policy.ambiguousFailureRetries) in \(Self.milliseconds(delay)) ms with request id \(next.headerValue)\(call.style == .write ? " (same id: the write may have happened)" : "")"
        )
        try await clock.sleep(for: delay)
        return next
    }

    /// Counts a wait before a retry against the run's retry budget, or gives up when the
    /// wait would overrun it: without a total bound, every call of a long run could spend
    /// its full set of retries against a bank that keeps failing.
    private func spendRetryBudget(_ delay: Duration, _ call: Call, attempts: Int, last: String) throws {
        let budget = configuration.retryPolicy.retryBudget
        guard retryTimeSpent + delay <= budget else {
            logger.notice(
                "\(call.method) \(call.path): \(last); not retried: retries have taken \(Self.milliseconds(retryTimeSpent)) ms of this run's \(budget) budget")
            throw BunqError.retryBudgetExhausted(method: call.method, path: call.path, budget: budget, attempts: attempts, last: last)
        }
        retryTimeSpent += delay
    }

    /// nil when the answer may be used: a non-2xx (bunq need not sign errors), or a 2xx
    /// whose one signature verifies over the raw body bytes.
    private func checkSignature(of answer: HTTPTransport.Answer, for call: Call, responseId: String?) -> BunqError? {
        guard call.verifiesSignature, (200..<300).contains(answer.status) else { return nil }
        if answer.headers(named: "X-Bunq-Server-Signature").count > 1 {
            return .duplicateServerSignature(method: call.method, path: call.path, responseId: responseId)
        }
        guard let signature = answer.header("X-Bunq-Server-Signature"), !signature.isEmpty else {
            return .missingServerSignature(method: call.method, path: call.path, responseId: responseId)
        }
        guard let serverKey, serverKey.isValidSignature(signature, forBody: answer.body) else {
            return .invalidServerSignature(method: call.method, path: call.path, responseId: responseId)
        }
        return nil
    }

    /// Every header bunq asks for, the signature over exactly the body bytes sent: a
    /// re-encoded body would no longer match it.
    private func requestHeaders(for call: Call, identity: RequestIdentity, token: String?) throws -> [(String, String)] {
        guard let keyPair else { throw BunqError.incompleteContext("no installation key pair to sign with") }
        var headers: [(String, String)] = [
            ("User-Agent", configuration.userAgent),
            ("Cache-Control", "no-cache"),
            ("X-Bunq-Language", configuration.language),
            ("X-Bunq-Region", configuration.region),
            ("X-Bunq-Geolocation", configuration.geolocation),
            ("X-Bunq-Client-Request-Id", identity.headerValue),
            ("X-Bunq-Client-Signature", try keyPair.signature(forBody: call.body ?? []))
        ]
        if let token { headers.append(("X-Bunq-Client-Authentication", token)) }
        if call.body != nil { headers.append(("Content-Type", "application/json")) }
        return headers
    }

    private func authenticationToken(for authentication: Authentication) async throws -> String? {
        switch authentication {
        case .none: return nil
        case .installation:
            guard let token = context?.installation.token else {
                throw BunqError.incompleteContext("no installation token")
            }
            return token
        case .session: return try await validSession().token
        }
    }

    private func record(_ attempt: AttemptRecord, into attempts: inout [AttemptRecord]) {
        attempts.append(attempt)
        attemptObserver?(attempt)
    }

    /// A 4xx other than 401 (the session, not the request) and 429 (the rate limit, before
    /// anything is done) may be bunq's refusal of a repeated id: it is never told by its words.
    static func mayBeRefusalOfRepeat(_ status: Int) -> Bool {
        (400..<500).contains(status) && status != 401 && status != 429
    }

    static func milliseconds(_ duration: Duration) -> String {
        String(format: "%.1f", duration.milliseconds)
    }
}
