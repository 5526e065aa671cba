import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes the API context file. Writes are atomic (a temporary file in the
/// same directory, made 0600 before anything is written, then renamed over the old one),
/// so a crash never leaves half a context and the secrets are never readable by others.
public struct ContextStore: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// `~/.config/cardpolicy/context.json`.
    public static var defaultPath: String {
        FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".config/cardpolicy/context.json").path
    }

    /// The saved context, or nil when there is no file yet.
    public func load() throws -> APIContext? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw BunqError.context(path: path, detail: "cannot be read: \(error.localizedDescription)")
        }
        do {
            return try Self.decoder.decode(APIContext.self, from: data)
        } catch {
            throw BunqError.context(
                path: path, detail: "is not a cardpolicy context file (\(error)); move it away to start a new context")
        }
    }

    /// True when group or others may read the file: worth a warning, it holds the keys.
    public func isReadableByOthers() -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return info.st_mode & 0o077 != 0
    }

    public func save(_ context: APIContext) throws {
        let data: Data
        do {
            data = try Self.encoder.encode(context)
        } catch {
            throw BunqError.context(path: path, detail: "cannot be encoded: \(error)")
        }
        let file = URL(fileURLWithPath: path)
        let directory = file.deletingLastPathComponent().path
        do {
            if !FileManager.default.fileExists(atPath: directory) {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw BunqError.context(path: path, detail: "cannot create \(directory): \(error.localizedDescription)")
        }
        let temporary = directory + "/." + file.lastPathComponent + ".tmp-" + UUID().uuidString
        try writeExclusively(data, to: temporary)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw BunqError.context(path: path, detail: "cannot be replaced: \(reason)")
        }
    }

    /// Creates `temporary` with mode 0600 (O_EXCL: never an existing file), writes and syncs it.
    private func writeExclusively(_ data: Data, to temporary: String) throws {
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw BunqError.context(path: path, detail: "cannot create a temporary file: \(String(cString: strerror(errno)))")
        }
        var failure: String?
        // open's mode is filtered by the umask; set it explicitly before any secret is written.
        if fchmod(descriptor, 0o600) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil {
            failure = data.withUnsafeBytes { buffer -> String? in
                var offset = 0
                while offset < buffer.count {
                    let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
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
            throw BunqError.context(path: path, detail: "cannot be written: \(failure)")
        }
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
