import Foundation

/// One apply at a time per state directory: an exclusive `flock` on `apply.lock` beside the
/// journal. The kernel drops the lock when its process ends, however it ends, so a crashed
/// apply never blocks the next one; the file's text only says who holds it.
public final class ApplyLock: @unchecked Sendable {
    public static let fileName = "apply.lock"

    public let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// `apply.lock` in the directory of the journal.
    public static func path(besideJournal journalPath: String) -> String {
        let directory = (journalPath as NSString).deletingLastPathComponent
        return ((directory.isEmpty ? "." : directory) as NSString).appendingPathComponent(fileName)
    }

    /// Takes the lock, waiting up to `timeout` seconds (0: not at all) while another process
    /// holds it; the refusal names the holder.
    public static func acquire(path: String, timeout: Double) throws -> ApplyLock {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            switch try attempt(path: path) {
            case .acquired(let descriptor):
                let lock = ApplyLock(path: path, descriptor: descriptor)
                try lock.writeHolder(.current())
                return lock
            case .held(let holder):
                guard Date() < deadline else {
                    let who = holder.map { "\($0)" } ?? "another process (it has not written its name yet)"
                    let waited = timeout > 0 ? " after waiting \(DurationText.describe(timeout))" : ""
                    throw ApplyLockError.held(
                        path: path, holder: holder,
                        description:
                            "another apply is running on this state directory\(waited): \(path) is held by \(who); nothing was done. Pass --lock-timeout (e.g. 5m) to wait for it"
                    )
                }
                usleep(100_000)
            }
        }
    }

    /// What `removeStale` found.
    public enum Removal: Sendable {
        case noLockFile
        /// Removed; the holder it named, if it named one.
        case removed(ApplyLockHolder?)
    }

    /// Removes a lock file left behind, after making sure no process holds it.
    public static func removeStale(path: String, force: Bool) throws -> Removal {
        guard FileManager.default.fileExists(atPath: path) else { return .noLockFile }
        switch try attempt(path: path) {
        case .held(let holder):
            throw ApplyLockError.held(
                path: path, holder: holder,
                description:
                    "\(path) is held by \(holder.map { "\($0)" } ?? "a running process"): that apply is still running; nothing was removed")
        case .acquired(let descriptor):
            defer { close(descriptor) }
            let holder = readHolder(descriptor)
            if let holder, holder.isAlive == true {
                throw ApplyLockError.held(
                    path: path, holder: holder,
                    description:
                        "\(path) names \(holder), and that process is running; nothing was removed")
            }
            if let holder, holder.isAlive == nil, !force {
                throw ApplyLockError.held(
                    path: path, holder: holder,
                    description:
                        "\(path) names \(holder); this host cannot tell whether that process is still running. If you are sure it is not, run `cardpolicy unlock --force`"
                )
            }
            unlink(path)
            return .removed(holder)
        }
    }

    /// Unlocks and removes the file. The file goes first, while still locked: a process
    /// waiting on the old file then sees it was replaced and locks the new one instead.
    public func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    private enum Attempt {
        case acquired(Int32)
        case held(ApplyLockHolder?)
    }

    private static func attempt(path: String) throws -> Attempt {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw ApplyLockError.unusable("cannot create \(directory) for the lock file: \(error.localizedDescription)")
            }
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ApplyLockError.unusable("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let failure = errno
            let holder = readHolder(descriptor)
            close(descriptor)
            if failure == EWOULDBLOCK { return .held(holder) }
            throw ApplyLockError.unusable("cannot lock \(path): \(String(cString: strerror(failure)))")
        }
        // Locked, but maybe a file its holder removed on release while this process waited:
        // only the file that is still at `path` counts.
        var opened = stat(), current = stat()
        guard fstat(descriptor, &opened) == 0, stat(path, &current) == 0,
            opened.st_ino == current.st_ino, opened.st_dev == current.st_dev
        else {
            close(descriptor)
            return try attempt(path: path)
        }
        return .acquired(descriptor)
    }

    private func writeHolder(_ holder: ApplyLockHolder) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = try encoder.encode(holder)
        data.append(UInt8(ascii: "\n"))
        let written = data.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard ftruncate(descriptor, off_t(data.count)) == 0, written == data.count else {
            let reason = String(cString: strerror(errno))
            release()
            throw ApplyLockError.unusable("cannot write the lock file \(path): \(reason)")
        }
    }

    private static func readHolder(_ descriptor: Int32) -> ApplyLockHolder? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return try? JSONDecoder().decode(ApplyLockHolder.self, from: Data(buffer[0..<count]))
    }
}

/// Why the apply lock could not be taken or removed.
public enum ApplyLockError: Error, CustomStringConvertible {
    case held(path: String, holder: ApplyLockHolder?, description: String)
    case unusable(String)

    public var description: String {
        switch self {
        case .held(_, _, let description), .unusable(let description): return description
        }
    }
}
