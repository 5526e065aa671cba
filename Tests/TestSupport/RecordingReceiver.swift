import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A webhook receiver on 127.0.0.1: a real HTTP/1.1 server, small enough to trust, that
/// keeps every request it was sent (request line, headers, exact body bytes) and answers
/// each with `status`. One connection at a time, which is all a single post needs.
public final class RecordingReceiver: @unchecked Sendable {
    /// One request as it came off the socket.
    public struct Request: Sendable {
        public let method: String
        public let path: String
        public let headers: [(name: String, value: String)]
        public let body: [UInt8]

        public func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    public let port: Int
    public var url: String { "http://127.0.0.1:\(port)/hook" }
    private let status: Int
    private let socketFD: Int32
    private let lock = NSLock()
    private var received: [Request] = []
    private var running = true

    public var requests: [Request] { lock.withLock { received } }

    public init(status: Int = 200) throws {
        self.status = status
        (socketFD, port) = try LoopbackSocket.open()
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// Stops accepting; the socket closes within a tenth of a second.
    public func stop() {
        lock.withLock { running = false }
    }

    private var isRunning: Bool { lock.withLock { running } }

    private func serve() {
        while isRunning {
            var listening = pollfd(fd: socketFD, events: Int16(POLLIN), revents: 0)
            guard poll(&listening, 1, 100) > 0 else { continue }
            let client = accept(socketFD, nil, nil)
            guard client >= 0 else { continue }
            if let request = read(from: client) {
                lock.withLock { received.append(request) }
                let answer = "HTTP/1.1 \(status) Recorded\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                _ = answer.utf8CString.withUnsafeBufferPointer { write(client, $0.baseAddress, $0.count - 1) }
            }
            close(client)
        }
        close(socketFD)
    }

    /// Headers up to the blank line, then exactly Content-Length body bytes; nil if the
    /// client went away first or sent no request within five seconds.
    private func read(from client: Int32) -> Request? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(5)
        var head: (method: String, path: String, headers: [(String, String)], bodyStart: Int, length: Int)?
        while Date() < deadline {
            if let head, data.count - head.bodyStart >= head.length {
                let body = Array(data[head.bodyStart..<(head.bodyStart + head.length)])
                return Request(method: head.method, path: head.path, headers: head.headers, body: body)
            }
            var entry = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 100) > 0 else { continue }
            let count = Glibc.read(client, &buffer, buffer.count)
            guard count > 0 else { return nil }
            data += buffer[0..<count]
            if head == nil { head = Self.parseHead(data) }
        }
        return nil
    }

    private static func parseHead(_ data: [UInt8]) -> (String, String, [(String, String)], Int, Int)? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0...max(0, data.count - 4)).first(where: { data.count >= 4 && Array(data[$0..<($0 + 4)]) == separator })
        else { return nil }
        let lines = String(decoding: data[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ").map(String.init)
        let headers: [(String, String)] = lines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
        return (requestLine.first ?? "", requestLine.dropFirst().first ?? "", headers, end + 4, length)
    }
}
