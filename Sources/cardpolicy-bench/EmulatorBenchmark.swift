import BunqEmulator
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Times the emulator serving a 200-card page over real HTTP on 127.0.0.1 (target: < 20 ms),
/// from a 10,000-card live state, in-process, rate limits off.
///
/// The client is a bare keep-alive socket so that the figure is the emulator's, not a client
/// library's. The session is put in the state up front, as if a client had created it.
func runEmulatorBenchmark() async throws {
    let token = String(repeating: "b", count: 64)
    for cardCount in [200, 10_000] {
        var state = EmulatorState.generated(cards: cardCount, seed: 42)
        let stamp = "2026-01-01 00:00:00.000000"
        state.apiContext.installations = [
            Installation(
                id: 9_000_001, created: stamp, token: String(repeating: "a", count: 64),
                clientPublicKeyPem: "")
        ]
        state.apiContext.deviceServers = [
            DeviceServer(
                id: 9_000_002, installationId: 9_000_001, created: stamp,
                description: "bench", apiKeyHash: "")
        ]
        state.apiContext.sessions = [
            SessionServer(
                id: 9_000_003, created: stamp, token: token, installationId: 9_000_001,
                deviceServerId: 9_000_002, userId: state.user.id, expiresAt: "2099-01-01 00:00:00.000000")
        ]
        let server = try await BunqEmulatorServer.start(EmulatorConfiguration(rateLimits: .off), state: state)
        let connection = try BenchConnection(port: server.port)
        let ascending = state.cards.map(\.id).sorted()
        let olderThan = ascending[min(200, ascending.count - 1)]
        let pages: [(String, String)] = [
            ("newest 200", "/v1/user/\(state.user.id)/card?count=200"),
            ("oldest 200", "/v1/user/\(state.user.id)/card?count=200&older_id=\(olderThan)")
        ]
        for (label, path) in pages where cardCount > 200 || label == "newest 200" {
            var timings: [Double] = []
            var bytes = 0
            for iteration in 0..<220 {
                let start = DispatchTime.now().uptimeNanoseconds
                let (status, body) = try connection.get(path, headers: ["X-Bunq-Client-Authentication": token])
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
                guard status == 200 else { throw BenchError("emulator answered \(status): \(String(decoding: body.prefix(200), as: UTF8.self))") }
                bytes = body.count
                if iteration >= 20 { timings.append(elapsed) }
            }
            timings.sort()
            let median = timings[timings.count / 2]
            let p95 = timings[timings.count * 95 / 100]
            print(
                String(
                    format: "emulator: %@ cards of a %d-card state: median %.2f ms, p95 %.2f ms, %d bytes (target < 20 ms)",
                    label, cardCount, median, p95, bytes))
        }
        connection.close()
        try await server.stop()
    }
    try await benchmarkStateFileSave()
}

/// Every write saves the whole state file: the time of a card PUT on a 10,000-card state
/// kept in a file, over HTTP, compared with the same PUT on an in-memory state.
func benchmarkStateFileSave() async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-bench-\(getpid()).json").path
    defer { unlink(path) }
    for statePath in [nil, path] {
        var state = EmulatorState.generated(cards: 10_000, seed: 42)
        let token = String(repeating: "c", count: 64)
        state.apiContext.sessions = [
            SessionServer(
                id: 9_000_003, created: "2026-01-01 00:00:00.000000", token: token, installationId: 0,
                deviceServerId: 0, userId: state.user.id, expiresAt: "2099-01-01 00:00:00.000000")
        ]
        let server = try await BunqEmulatorServer.start(EmulatorConfiguration(statePath: statePath, rateLimits: .off), state: state)
        let connection = try BenchConnection(port: server.port)
        let card = state.cards[state.cards.count / 2].id
        var timings: [Double] = []
        for iteration in 0..<25 {
            let body = "{\"card_limit\":{\"value\":\"\(100 + iteration).00\",\"currency\":\"EUR\"}}"
            let start = DispatchTime.now().uptimeNanoseconds
            let (status, _) = try connection.request(
                "PUT", "/v1/user/\(state.user.id)/card/\(card)", body: body,
                headers: ["X-Bunq-Client-Authentication": token])
            guard status == 200 else { throw BenchError("PUT answered \(status)") }
            if iteration >= 5 { timings.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000) }
        }
        connection.close()
        try await server.stop()
        let size = statePath.flatMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int } ?? 0
        print(
            String(
                format: "emulator: card PUT on a 10000-card state %@: median %.1f ms",
                statePath == nil ? "in memory" : "saved to a \(size / 1_000_000) MB state file", timings.sorted()[timings.count / 2]))
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A minimal HTTP/1.1 keep-alive client over a TCP socket.
final class BenchConnection {
    private let socketDescriptor: Int32

    init(port: Int) throws {
        #if canImport(Glibc)
            socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            socketDescriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw BenchError("cannot connect to 127.0.0.1:\(port)") }
        var yes: Int32 = 1
        setsockopt(socketDescriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
    }

    func close() {
        _ = shutdown(socketDescriptor, Int32(SHUT_RDWR))
    }

    func get(_ path: String, headers: [String: String]) throws -> (Int, [UInt8]) {
        try request("GET", path, body: "", headers: headers)
    }

    func request(_ method: String, _ path: String, body: String, headers: [String: String]) throws -> (Int, [UInt8]) {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: cardpolicy-bench\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(socketDescriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw BenchError("send failed") }
            sent += count
        }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            if headerEnd == nil, let end = BenchConnection.find([13, 10, 13, 10], in: buffer) {
                headerEnd = end + 4
                let head = String(decoding: buffer[..<end], as: UTF8.self).lowercased()
                for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    contentLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let headerEnd, buffer.count >= headerEnd + contentLength {
                let statusLine = String(decoding: buffer.prefix(12), as: UTF8.self)
                let status = Int(statusLine.dropFirst(9).prefix(3)) ?? 0
                return (status, Array(buffer[headerEnd..<headerEnd + contentLength]))
            }
            let count = chunk.withUnsafeMutableBytes { recv(socketDescriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw BenchError("connection closed") }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<start + needle.count]) == needle { return start }
        }
        return nil
    }
}
