import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every request the emulator answers, appended as one JSON line to the file named by
/// `CARDPOLICY_EMULATOR_BODY_LOG`: method, path, path template, status, User-Agent and the
/// body as received (with the API key of device-server and session-server redacted, as in
/// the call log).
///
/// It lets a test run check, after the fact, that every body the emulator accepted would
/// also pass bunq's published request schemas: the emulator's own checks are no oracle.
/// In-process emulators, `cardpolicy emulator` and `--emulator` all append to one file,
/// from several processes at once, so each line is one `write` to a descriptor opened with
/// O_APPEND: lines never interleave.
final class RequestBodyLog: @unchecked Sendable {
    static let variable = "CARDPOLICY_EMULATOR_BODY_LOG"

    private let descriptor: Int32

    /// The log the environment names; nil when the variable is unset or empty. A file that
    /// cannot be opened is said on `logger` and not logged to: the emulator still serves.
    static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger? = nil
    ) -> RequestBodyLog? {
        guard let path = environment[variable], !path.isEmpty else { return nil }
        guard let log = RequestBodyLog(path: path) else {
            logger?.error("cannot open \(variable) file \(path): \(String(cString: strerror(errno)))")
            return nil
        }
        return log
    }

    init?(path: String) {
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
    }

    deinit {
        close(descriptor)
    }

    func append(_ request: IncomingRequest, template: String, status: Int, body: [UInt8]) {
        var line = JSONSerializer.bytes(
            .object([
                ("method", .string(request.method)),
                ("path", .string(request.path)),
                ("template", .string(template)),
                ("status", .int(status)),
                ("user_agent", request.userAgent.map(JSONValue.string) ?? .null),
                ("body", .string(String(decoding: body, as: UTF8.self)))
            ]))
        line.append(UInt8(ascii: "\n"))
        _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
}
