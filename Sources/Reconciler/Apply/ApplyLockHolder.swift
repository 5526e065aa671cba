import Foundation

/// Who holds an apply lock: written into the lock file so a refused apply can name it.
public struct ApplyLockHolder: Codable, Hashable, Sendable, CustomStringConvertible {
    public var pid: Int32
    public var host: String
    public var started: String

    public static func current() -> ApplyLockHolder {
        let formatter = ISO8601DateFormatter()
        return ApplyLockHolder(pid: getpid(), host: ProcessInfo.processInfo.hostName, started: formatter.string(from: Date()))
    }

    public var description: String { "pid \(pid) on host \(host), started \(started)" }

    /// Whether the process is running, as far as this host can tell: nil for another host.
    public var isAlive: Bool? {
        guard host == ProcessInfo.processInfo.hostName else { return nil }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
