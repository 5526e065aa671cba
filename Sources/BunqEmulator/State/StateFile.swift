import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading and writing the JSON state file.
extension EmulatorState {
    /// Reads a state file.
    public static func load(from path: String) throws -> EmulatorState {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(EmulatorState.self, from: data)
    }

    /// The state as the file holds it: snake_case keys, sorted, one list item per line.
    public func encodedJSON() throws -> Data {
        Data(try StateFileWriter().encode(self))
    }

    /// Writes the state file atomically (see `AtomicFile`).
    public func save(to path: String) throws {
        try AtomicFile.store(try StateFileWriter().encode(self), at: path)
    }
}

/// Encodes states for the state file, remembering each card's encoding so that saving a
/// 10,000-card state after one PUT re-encodes one card, not ten thousand.
final class StateFileWriter {
    private let encoder: JSONEncoder
    private var cardCache: [Int: (card: Card, bytes: [UInt8])] = [:]

    init() {
        encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    func encode(_ state: EmulatorState) throws -> [UInt8] {
        var sections: [(String, [UInt8])] = [
            ("api_context", try bytes(state.apiContext)),
            ("cards", try list(state.cards.map(cardBytes))),
            ("certificate_pins", try list(state.certificatePins.map(bytes))),
            ("format_version", Array(String(state.formatVersion).utf8)),
            ("generated_cvc2", try list(state.generatedCvc2.map(bytes))),
            ("monetary_accounts", try list(state.monetaryAccounts.map(bytes))),
            ("next_id", Array(String(state.nextId).utf8)),
            ("notification_filters", try bytes(state.notificationFilters)),
            ("options", try bytes(state.options)),
            ("user", try bytes(state.user))
        ]
        if let apiKeys = state.apiKeys { sections.append(("api_keys", try bytes(apiKeys))) }
        sections.sort { $0.0 < $1.0 }
        var out: [UInt8] = Array("{\n".utf8)
        for (position, section) in sections.enumerated() {
            out += Array("  \"\(section.0)\": ".utf8)
            out += section.1
            out += Array((position == sections.count - 1 ? "\n" : ",\n").utf8)
        }
        out += Array("}\n".utf8)
        let live = Set(state.cards.map(\.id))
        if cardCache.count > live.count { cardCache = cardCache.filter { live.contains($0.key) } }
        return out
    }

    private func bytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try encoder.encode(value))
    }

    private func cardBytes(_ card: Card) throws -> [UInt8] {
        if let cached = cardCache[card.id], cached.card == card { return cached.bytes }
        let encoded = try bytes(card)
        cardCache[card.id] = (card, encoded)
        return encoded
    }

    private func list(_ items: [[UInt8]]) -> [UInt8] {
        guard !items.isEmpty else { return Array("[]".utf8) }
        var out: [UInt8] = Array("[\n".utf8)
        for (position, item) in items.enumerated() {
            out += Array("    ".utf8)
            out += item
            out += Array((position == items.count - 1 ? "\n" : ",\n").utf8)
        }
        out += Array("  ]".utf8)
        return out
    }
}

/// Writes a file so that a crash never leaves half of it: a temporary file beside it,
/// flushed to disk, then renamed over the old one. The client has its own writer
/// (BunqAPI's `AtomicFileWriter`); this one stays separate on purpose, because the emulator
/// stands in for bunq and must not share code with the client it tests.
enum AtomicFile {
    static func store(_ bytes: [UInt8], at path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw StateFileError.cannotWrite(path, errno) }
        let written = bytes.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count <= 0 { return false }
                offset += count
            }
            return true
        }
        let flushed = fsync(descriptor) == 0
        close(descriptor)
        guard written, flushed, rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw StateFileError.cannotWrite(path, code)
        }
    }
}

/// A state file that could not be written.
public enum StateFileError: Error, CustomStringConvertible {
    case cannotWrite(String, Int32)

    public var description: String {
        switch self {
        case let .cannotWrite(path, code): return "cannot write the emulator state to \(path): \(String(cString: strerror(code)))"
        }
    }
}
