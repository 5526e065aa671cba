import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads and writes the API context file. Writes go through `AtomicFileWriter`, so a crash
/// never leaves half a context and the secrets are never readable by others.
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
        do {
            try AtomicFileWriter.write(data, to: path)
        } catch let failure as AtomicFileWriter.Failure {
            throw BunqError.context(path: path, detail: failure.detail)
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
