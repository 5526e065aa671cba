import Foundation

/// `/_emulator/…`: fault injection, the call log and reset over HTTP, served only when the
/// emulator was started with `--faults`, for tests that drive the real executable.
///
/// - `POST /_emulator/faults` `{"kind":"status","code":500,"method":"PUT","path":"/user/{id}/card/{id}","nth":1}`
///   (kinds: `drop`, `status`, `tamper`, `latency` with `milliseconds`; and answers bunq never
///   sends: `redirect`, `drip`, `stall`, `oversize`, `double-signature`, `loop-pagination`)
/// - `DELETE /_emulator/faults` clears them
/// - `GET /_emulator/calls`, `DELETE /_emulator/calls`
/// - `GET /_emulator/state` (without the API context: keys and tokens stay inside)
/// - `POST /_emulator/reset` clears calls, faults and rate-limit windows
struct ControlEndpoints {
    let engine: EmulatorEngine

    func handle(method: String, path: String, body: [UInt8]) -> Outcome {
        do {
            let result = try route(method: method, path: path, body: body)
            return Outcome(status: 200, headers: [("Content-Type", "application/json")], body: result)
        } catch let error as BunqError {
            return Outcome(
                status: error.status, headers: [("Content-Type", "application/json")],
                body: JSONSerializer.bytes(Envelope.error(error.descriptions)))
        } catch {
            return Outcome(
                status: 500, headers: [("Content-Type", "application/json")],
                body: JSONSerializer.bytes(Envelope.error(["\(error)"])))
        }
    }

    private func route(method: String, path: String, body: [UInt8]) throws -> [UInt8] {
        switch (method, path) {
        case ("GET", "/_emulator/calls"):
            return JSONSerializer.bytes(.array(engine.calls().map(ControlEndpoints.wire)))
        case ("DELETE", "/_emulator/calls"):
            engine.resetCalls()
            return JSONSerializer.bytes(.object([("ok", .bool(true))]))
        case ("POST", "/_emulator/faults"):
            engine.inject(try ControlEndpoints.fault(from: body))
            return JSONSerializer.bytes(.object([("ok", .bool(true))]))
        case ("DELETE", "/_emulator/faults"):
            engine.clearFaults()
            return JSONSerializer.bytes(.object([("ok", .bool(true))]))
        case ("POST", "/_emulator/reset"):
            engine.resetCalls()
            engine.clearFaults()
            engine.resetRateLimits()
            return JSONSerializer.bytes(.object([("ok", .bool(true))]))
        case ("GET", "/_emulator/state"):
            var state = engine.snapshot()
            state.apiContext = ApiContextState()
            return Array(try state.encodedJSON())
        default:
            throw BunqError(404, "Unknown control endpoint \(method) \(path).")
        }
    }

    static func fault(from body: [UInt8]) throws -> Fault {
        let parsed: JSONValue
        do { parsed = try JSONParser.parse(body) } catch { throw BunqError.badRequest("The fault must be a JSON object.") }
        let fields = try RequestBody(parsed)
        try fields.rejectUnknown(allowed: Set(["kind", "method", "path", "nth", "code", "milliseconds"]).union(hostileFaultKeys))
        let method = try fields.string("method")
        let pattern = try fields.string("path")
        let nth = try fields.int("nth") ?? 1
        guard nth >= 1 else { throw BunqError.badRequest("\"nth\" must be 1 or more.") }
        switch try fields.requiredString("kind") {
        case "drop": return .dropResponseAfterCommit(method: method, pathPattern: pattern, nth: nth)
        case "status":
            guard let code = try fields.int("code"), (100...599).contains(code) else {
                throw BunqError.badRequest("A status fault needs \"code\", an HTTP status.")
            }
            return .status(code: code, method: method, pathPattern: pattern, nth: nth)
        case "tamper": return .tamperSignature(method: method, pathPattern: pattern, nth: nth)
        case "latency":
            guard let milliseconds = try fields.int("milliseconds"), milliseconds >= 0 else {
                throw BunqError.badRequest("A latency fault needs \"milliseconds\".")
            }
            return .latency(milliseconds: milliseconds)
        case let kind where hostileFaultKinds.contains(kind):
            return try hostileFault(kind, fields, method: method, pattern: pattern, nth: nth)
        case let other:
            throw BunqError.badRequest(
                "Unknown fault kind \"\(other)\"; use drop, status, tamper, latency, "
                    + hostileFaultKinds.joined(separator: ", ") + ".")
        }
    }

    static func wire(_ call: RecordedCall) -> JSONValue {
        .object([
            ("method", .string(call.method)), ("path", .string(call.path)), ("query", .optional(call.query)),
            ("template", .string(call.template)), ("status", .int(call.status)),
            ("request_id", .optional(call.requestId)), ("response_id", .string(call.responseId)),
            ("request_body", .string(call.requestBodyText)), ("time", .string(BunqTimestamp.string(from: call.time))),
            ("dropped", .bool(call.dropped))
        ])
    }
}
