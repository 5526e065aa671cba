import AsyncHTTPClient
import Foundation
import NIOCore

/// One HTTP exchange with bunq over AsyncHTTPClient: bytes out, status, headers and the
/// raw body bytes back (the server signature is over those exact bytes).
struct HTTPTransport: Sendable {
    let httpClient: HTTPClient
    /// The whole exchange, headers and body, must be over within this.
    let timeout: Duration
    /// The largest answer body read; a larger one is an error, never truncated.
    let maxBodyBytes: Int

    /// An answer as it came off the wire.
    struct Answer: Sendable {
        let status: Int
        let headers: [(name: String, value: String)]
        let body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }

        /// Every value of a header that may have been sent more than once.
        func headers(named name: String) -> [String] {
            headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
        }
    }

    /// AsyncHTTPClient's shared settings, except that redirects are never followed and a
    /// connection that cannot be made fails the request at once.
    ///
    /// bunq does not redirect. Following one would send the session token, the request's
    /// signature and a write's body to whatever host the `Location` names, so a 3xx comes
    /// back to BunqClient as an answer, which refuses it.
    ///
    /// A connection that cannot be made fails at once: By default AsyncHTTPClient keeps retrying the connect until the
    /// request's deadline (30 s), and BunqClient retries a failed exchange twice more, so a
    /// wrong `--api-url` or an emulator that is not running took 90 s to report. BunqClient's
    /// own retries (after 0.5–1 s and 1–2 s, RetryPolicy) still cover a flaky connect.
    /// Never shut down: it lives as long as the process, like `HTTPClient.shared`.
    static let defaultHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    func send(method: String, url: String, headers: [(String, String)], body: [UInt8]?) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        for (name, value) in headers {
            request.headers.add(name: name, value: value)
        }
        if let body {
            request.body = .bytes(body)
        }
        do {
            let prepared = request
            return try await withinDeadline { try await exchange(prepared) }
        } catch is CancellationError {
            throw CancellationError()
        } catch is NIOTooManyBytesError {
            throw TransportFailure(kind: .answerTooLarge, description: "the answer was larger than \(Self.size(maxBodyBytes))")
        } catch let failure as TransportFailure {
            throw failure
        } catch {
            throw TransportFailure(error, timeout: timeout)
        }
    }

    private func exchange(_ request: HTTPClientRequest) async throws -> Answer {
        let response = try await httpClient.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
        let buffer = try await response.body.collect(upTo: maxBodyBytes)
        return Answer(
            status: Int(response.status.code),
            headers: response.headers.map { ($0.name, $0.value) },
            body: Array(buffer.readableBytesView))
    }

    /// Runs `exchange` against the clock and cancels whichever loses. AsyncHTTPClient's own
    /// deadline ends once the response head has arrived, so it does not bound the body: a
    /// server that dripped one byte a second, or sent half a body and held the connection
    /// open, kept a read going for minutes.
    private func withinDeadline(_ exchange: @escaping @Sendable () async throws -> Answer) async throws -> Answer {
        let timeout = self.timeout
        return try await withThrowingTaskGroup(of: Answer?.self) { group in
            group.addTask { try await exchange() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let answer = first else {
                throw TransportFailure(kind: .timedOut, description: "no complete answer within \(timeout)")
            }
            return answer
        }
    }

    /// `64 MiB`, `16 KiB`, `1000 bytes`.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1024 * 1024, bytes % (1024 * 1024) == 0 { return "\(bytes / (1024 * 1024)) MiB" }
        if bytes >= 1024, bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
        return "\(bytes) bytes"
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    var milliseconds: Double {
        Double(nanoseconds) / 1_000_000
    }
}

/// Why an exchange produced no answer. Every one of these is ambiguous for a write: the
/// request may have reached bunq and been carried out.
public struct TransportFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure, for callers that react differently to each.
    public enum Kind: Hashable, Sendable {
        /// No answer within the request timeout.
        case timedOut
        /// The server closed or reset the connection before answering.
        case connectionClosed
        /// No connection could be made (nothing was sent).
        case couldNotConnect
        /// The answer's body was over the size limit. Not retried: a bank that answers so
        /// much once will again, and each try downloads it all.
        case answerTooLarge
        case other
    }

    public let kind: Kind
    public let description: String

    public init(kind: Kind, description: String) {
        self.kind = kind
        self.description = description
    }

    init(_ error: Error, timeout: Duration) {
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                self.init(kind: .timedOut, description: "no answer within \(timeout)")
            case .remoteConnectionClosed:
                self.init(kind: .connectionClosed, description: "the connection was closed before an answer came")
            case .connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout:
                self.init(kind: .couldNotConnect, description: "could not connect (\(client))")
            default:
                self.init(kind: .other, description: "HTTP client error: \(client)")
            }
            return
        }
        if let io = error as? IOError {
            // NIO's own text for these is garbled ("connection reset (error set): Connection refused) (errno: 111)").
            let reason = "\(String(cString: strerror(io.errnoCode))) (errno \(io.errnoCode))"
            switch io.errnoCode {
            case ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL:
                self.init(kind: .couldNotConnect, description: "could not connect: \(reason)")
            case ECONNRESET, EPIPE:
                self.init(kind: .connectionClosed, description: "connection lost: \(reason)")
            default:
                self.init(kind: .other, description: reason)
            }
            return
        }
        let text = String(describing: error)
        if text.localizedCaseInsensitiveContains("refused") || text.localizedCaseInsensitiveContains("connect") {
            self.init(kind: .couldNotConnect, description: "could not connect: \(text)")
        } else if text.localizedCaseInsensitiveContains("reset") || text.localizedCaseInsensitiveContains("closed") {
            self.init(kind: .connectionClosed, description: "connection lost: \(text)")
        } else {
            self.init(kind: .other, description: text)
        }
    }
}
