import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The Hummingbird request context, keeping the channel so a fault can cut the connection.
struct EmulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}

/// Turns HTTP requests into engine calls and engine outcomes into HTTP responses.
struct EmulatorResponder: HTTPResponder {
    let engine: EmulatorEngine
    let control: ControlEndpoints?
    static let maxBodyBytes = 8 * 1024 * 1024

    func respond(to request: Request, context: EmulatorRequestContext) async throws -> Response {
        let body: [UInt8]
        do {
            let buffer = try await request.body.collect(upTo: EmulatorResponder.maxBodyBytes)
            body = Array(buffer.readableBytesView)
        } catch {
            return EmulatorResponder.response(
                Outcome(
                    status: 413, headers: [("Content-Type", "application/json")],
                    body: JSONSerializer.bytes(Envelope.error(["The request body is too large."]))))
        }
        let path = request.uri.path
        let query = request.uri.query

        if path == "/_emulator" || path.hasPrefix("/_emulator/"), let control {
            return EmulatorResponder.response(control.handle(method: request.method.rawValue, path: path, body: body))
        }

        let latency = engine.latencyMilliseconds
        if latency > 0 { try? await Task.sleep(nanoseconds: UInt64(latency) * 1_000_000) }

        let outcome = engine.handle(
            IncomingRequest(
                method: request.method.rawValue,
                path: path,
                query: query,
                authentication: request.headers[EmulatorResponder.authentication],
                signature: request.headers[EmulatorResponder.signature],
                requestId: request.headers[EmulatorResponder.requestId],
                userAgent: request.headers[.userAgent],
                body: body
            ))
        if outcome.dropConnection {
            // The write is committed; the client must now see a connection closed without an
            // answer, exactly like a network failure after the bank acted.
            try? await context.channel.close(mode: .all).get()
        }
        if outcome.delivery != .whole {
            return SlowDelivery.response(outcome, channel: context.channel)
        }
        return EmulatorResponder.response(outcome)
    }

    static let authentication = HTTPField.Name("X-Bunq-Client-Authentication")!
    static let signature = HTTPField.Name("X-Bunq-Client-Signature")!
    static let requestId = HTTPField.Name("X-Bunq-Client-Request-Id")!

    static func response(_ outcome: Outcome) -> Response {
        Response(
            status: HTTPResponse.Status(code: outcome.status),
            headers: fields(outcome.headers),
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: outcome.body))
        )
    }

    static func fields(_ headers: [(String, String)]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        return fields
    }
}
