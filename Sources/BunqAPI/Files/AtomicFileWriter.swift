import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replaces a file whole or not at all: the bytes go to a new temporary file in the same
/// directory (created exclusively, so never an existing file or a planted link), made 0600
/// before anything is written, synced to disk, then renamed over the old file. A crash leaves
/// either the old file or the new one, never half of one, and nobody else can read it at any
/// moment. A missing directory is created 0700.
///
/// The API context holds keys and tokens, so it needs all of this. The ledger and the archived
/// plans use the same writer and the same mode: they hold no secret, but they hold what bunq
/// was told (limits, countries, account ids) and what bunq never returns (country expiries),
/// nobody but the user running cardpolicy needs to read them, and one writer with one set of
/// guarantees is simpler to trust than two.
public enum AtomicFileWriter {
    /// Why a file could not be replaced; the old file, if any, is unchanged.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public enum Stage: Sendable { case createDirectory(String), createTemporary, write, replace }
        public let path: String
        public let stage: Stage
        public let reason: String

        /// Phrased to follow the file's name: `context.json cannot be written: No space left on device`.
        public var detail: String {
            switch stage {
            case .createDirectory(let directory): return "cannot create \(directory): \(reason)"
            case .createTemporary: return "cannot create a temporary file: \(reason)"
            case .write: return "cannot be written: \(reason)"
            case .replace: return "cannot be replaced: \(reason)"
            }
        }

        public var description: String { "\(path) \(detail)" }
    }

    public static func write(_ data: Data, to path: String) throws {
        let file = URL(fileURLWithPath: path)
        let directory = file.deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw Failure(path: path, stage: .createDirectory(directory), reason: error.localizedDescription)
            }
        }
        // Named for this process: one process writes a given file at a time (apply holds a
        // lock; the context is saved by one client), and a temporary left by a crash is
        // recognisable beside the file it was for.
        let temporary = directory + "/." + file.lastPathComponent + ".tmp-\(getpid())"
        try writeExclusively(data, to: temporary, for: path)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(path: path, stage: .replace, reason: reason)
        }
        syncDirectory(directory)
    }

    /// The rename itself lives in the directory: sync it too, so the new file is what a crash
    /// right after leaves. Best effort: the file is already complete under either name.
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// Creates `temporary` with mode 0600 (O_EXCL: never an existing file or link), writes and
    /// syncs it. A file or link of that name, left by a crashed process that had this pid, is
    /// removed first; anything else there (a directory) is an error.
    private static func writeExclusively(_ data: Data, to temporary: String, for path: String) throws {
        var descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if descriptor < 0, errno == EEXIST, unlink(temporary) == 0 {
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        }
        guard descriptor >= 0 else {
            throw Failure(path: path, stage: .createTemporary, reason: String(cString: strerror(errno)))
        }
        var failure: String?
        // open's mode is filtered by the umask; set it explicitly before anything is written.
        if fchmod(descriptor, 0o600) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil {
            failure = data.withUnsafeBytes { buffer -> String? in
                var offset = 0
                while offset < buffer.count {
                    let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return String(cString: strerror(errno))
                    }
                    offset += written
                }
                return nil
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw Failure(path: path, stage: .write, reason: failure)
        }
    }
}

/// The C `write`, which the enum's own `write` would otherwise shadow.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
