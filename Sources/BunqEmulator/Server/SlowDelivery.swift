import HTTPTypes
import Hummingbird
import NIOCore

/// Answers whose body arrives too slowly or never ends, for the `drip` and `stall` faults.
/// The headers (with the full `Content-Length`) go out at once, as from a server that has
/// the answer but delivers it badly.
enum SlowDelivery {
    /// How long a stalled answer holds its connection at most, should the client never leave.
    static let maxStall: Duration = .seconds(600)

    static func response(_ outcome: Outcome, channel: any Channel) -> Response {
        let body = outcome.body
        let delivery = outcome.delivery
        return Response(
            status: HTTPResponse.Status(code: outcome.status),
            headers: EmulatorResponder.fields(outcome.headers),
            body: ResponseBody(contentLength: body.count) { writer in
                switch delivery {
                case .whole:
                    try await writer.write(ByteBuffer(bytes: body))
                case .drip(let bytes, let interval):
                    var offset = 0
                    while offset < body.count {
                        let end = min(body.count, offset + bytes)
                        try await writer.write(ByteBuffer(bytes: body[offset..<end]))
                        offset = end
                        if offset < body.count { try await Task.sleep(for: .milliseconds(interval)) }
                    }
                case .stall:
                    try await writer.write(ByteBuffer(bytes: body[0..<(body.count / 2)]))
                    let started = ContinuousClock.now
                    // Holds until the client gives up; the answer is then never finished.
                    while channel.isActive, ContinuousClock.now - started < maxStall {
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    throw StalledAnswer()
                }
                try await writer.finish(nil)
            }
        )
    }

    /// Ends a stalled answer without finishing it, so the connection closes short.
    struct StalledAnswer: Error {}
}
