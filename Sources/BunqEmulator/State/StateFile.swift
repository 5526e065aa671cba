#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reading and writing the JSON state file.
extension EmulatorState {
    /// Reads a state file.
    public static func load(from path: String) throws -> EmulatorState {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(EmulatorState.self, from: data)
    }

    /// The state as the file holds it: snake_case keys, sorted, pretty-printed.
    public func encodedJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Writes the state file atomically: a temporary file beside it, flushed, then renamed
    /// over the old one, so a crash never leaves half a file.
    public func save(to path: String) throws {
        let data = try encodedJSON()
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw StateFileError.cannotWrite(path, errno) }
        let written = data.withUnsafeBytes { buffer -> Bool in
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
