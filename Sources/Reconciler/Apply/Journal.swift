import Foundation

/// One line of `.cardpolicy/journal.jsonl`: every attempt of every write, so an interrupted
/// apply can be resumed without doing anything twice. Bodies are not kept, only their digest.
public struct JournalEntry: Codable, Hashable, Sendable {
    public enum Event: String, Codable, Sendable {
        /// Written before a request goes out: if the process dies now, this says it may have.
        case sending
        /// One HTTP attempt's answer (or its absence), as the client saw it.
        case attempt
        /// bunq holds what the action asked for: done, never to be sent again.
        case confirmed
        /// An earlier attempt whose answer was lost did not take effect.
        case abandoned
    }

    public var time: String
    public var event: Event
    public var planId: String
    public var action: String
    public var requestId: String?
    public var method: String?
    public var path: String?
    public var bodySHA256: String?
    public var status: Int?
    public var responseId: String?
    public var detail: String?
    /// The write-only values the action sends, so a resumed run can record them.
    public var ledger: LedgerEntry?

    public init(
        time: String, event: Event, planId: String, action: String, requestId: String? = nil, method: String? = nil,
        path: String? = nil, bodySHA256: String? = nil, status: Int? = nil, responseId: String? = nil,
        detail: String? = nil, ledger: LedgerEntry? = nil
    ) {
        self.time = time
        self.event = event
        self.planId = planId
        self.action = action
        self.requestId = requestId
        self.method = method
        self.path = path
        self.bodySHA256 = bodySHA256
        self.status = status
        self.responseId = responseId
        self.detail = detail
        self.ledger = ledger
    }

    enum CodingKeys: String, CodingKey {
        case time, event, action, method, path, status, detail, ledger
        case planId = "plan_id"
        case requestId = "request_id"
        case bodySHA256 = "body_sha256"
        case responseId = "response_id"
    }
}

/// The append-only journal file. Each line is flushed to disk before the request it
/// announces is sent, so a kill at any point leaves a journal that tells what may have happened.
public final class Journal: @unchecked Sendable {
    public static let defaultPath = ".cardpolicy/journal.jsonl"

    public let path: String
    private let lock = NSLock()
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public init(path: String) {
        self.path = path
    }

    /// Every entry so far; a torn last line (a kill mid-write) is skipped, never fatal.
    public func entries() throws -> [JournalEntry] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(JournalEntry.self, from: Data($0)) }
    }

    public func append(_ entry: JournalEntry) throws {
        try append(contentsOf: [entry])
    }

    /// Several entries made durable together: one write and one fsync for a card batch's
    /// hundred cards, not a hundred.
    public func append(contentsOf entries: [JournalEntry]) throws {
        guard !entries.isEmpty else { return }
        var line = Data()
        for entry in entries {
            line.append(try encoder.encode(entry))
            line.append(UInt8(ascii: "\n"))
        }
        lock.lock()
        defer { lock.unlock() }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let descriptor = open(path, O_RDWR | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw LedgerError("cannot open the journal \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        // A line torn by a full disk or a kill has no newline: end it first, or this entry
        // would be glued onto it and lost with it when the journal is read.
        if !Self.endsWithNewline(descriptor) { line.insert(UInt8(ascii: "\n"), at: 0) }
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count else {
            let reason = written < 0 ? String(cString: strerror(errno)) : "only \(written) of \(line.count) bytes written"
            throw LedgerError("cannot write the journal \(path): \(reason)")
        }
        guard fsync(descriptor) == 0 else {
            throw LedgerError("cannot write the journal \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// True for an empty file, or one whose last byte is a newline.
    private static func endsWithNewline(_ descriptor: Int32) -> Bool {
        let size = lseek(descriptor, 0, SEEK_END)
        guard size > 0 else { return true }
        var last: UInt8 = 0
        return pread(descriptor, &last, 1, size - 1) == 1 && last == UInt8(ascii: "\n")
    }

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}

/// What the journal says about the actions of earlier runs.
struct JournalHistory {
    /// Actions (by plan id and action id) whose last execution bunq confirmed.
    var confirmed: Set<String> = []
    /// Actions sent since their last confirmation without one: the last entry and its highest attempt id.
    var unsettled: [String: (last: JournalEntry, highestRequestId: String?)] = [:]
    /// The highest attempt number any request of an action has used: a new execution of it
    /// (the same plan again after someone undid it in the app) must not reuse one.
    var highestAttempt: [String: Int] = [:]

    static func key(_ planId: String, _ action: String) -> String { planId + " " + action }

    init(_ entries: [JournalEntry]) {
        for entry in entries {
            let key = Self.key(entry.planId, entry.action)
            if let requestId = entry.requestId {
                highestAttempt[key] = max(highestAttempt[key] ?? 0, RequestIds.attempt(requestId))
            }
            switch entry.event {
            case .confirmed:
                confirmed.insert(key)
                unsettled[key] = nil
            case .abandoned:
                unsettled[key] = nil
            case .sending, .attempt:
                // Attempts are journaled before their confirmation, so one after it is a new execution.
                confirmed.remove(key)
                let highest = [unsettled[key]?.highestRequestId, entry.requestId].compactMap { $0 }
                    .max { RequestIds.attempt($0) < RequestIds.attempt($1) }
                unsettled[key] = (entry, highest)
            }
        }
    }
}

/// Deterministic request ids: the same plan and action always send the same base, so a
/// re-run re-sends an id bunq has seen and bunq's duplicate check does the rest.
public enum RequestIds {
    public static func base(planId: String, action: String) -> String {
        "cardpolicy-\(planId.prefix(16))-\(Digest.sha256(action).prefix(12))"
    }

    /// The attempt number of a header value `<base>-a<n>`, 0 when it has none.
    public static func attempt(_ headerValue: String) -> Int {
        guard let range = headerValue.range(of: "-a", options: .backwards) else { return 0 }
        return Int(headerValue[range.upperBound...]) ?? 0
    }
}
