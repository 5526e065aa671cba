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
        (socketFD, port) = try LoopbackSocket.open()
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
