import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Shared by the client's and the executable's tests.
///
/// A TCP listener on 127.0.0.1 that accepts connections and counts them and the bytes they
/// send, answering nothing: the redirect target that must never be reached.
public final class SilentListener: @unchecked Sendable {
    public let port: Int
    private let socketFD: Int32
    private let lock = NSLock()
    private var connectionCount = 0
    private var byteCount = 0
    private var running = true

    /// Connections accepted so far.
    public var connections: Int { lock.withLock { connectionCount } }
    /// Bytes received on them so far.
    public var bytes: Int { lock.withLock { byteCount } }

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ListenerSetupError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw ListenerSetupError("cannot listen on 127.0.0.1")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        socketFD = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// Stops accepting and closes the socket.
    public func stop() {
        lock.withLock { running = false }
    }

    private var isRunning: Bool { lock.withLock { running } }

    /// Polls the listening socket and every accepted one, a tenth of a second at a time.
    private func serve() {
        var clients: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while isRunning {
            var fds = [pollfd(fd: socketFD, events: Int16(POLLIN), revents: 0)]
            fds += clients.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 100) > 0 else { continue }
            if fds[0].revents & Int16(POLLIN) != 0 {
                let client = accept(socketFD, nil, nil)
                if client >= 0 {
                    clients.append(client)
                    lock.withLock { connectionCount += 1 }
                }
            }
            for entry in fds.dropFirst() where entry.revents != 0 {
                let count = read(entry.fd, &buffer, buffer.count)
                if count > 0 {
                    lock.withLock { byteCount += count }
                } else {
                    close(entry.fd)
                    clients.removeAll { $0 == entry.fd }
                }
            }
        }
        clients.forEach { close($0) }
        close(socketFD)
    }
}

public struct ListenerSetupError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
