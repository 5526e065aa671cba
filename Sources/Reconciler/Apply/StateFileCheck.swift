import Foundation

/// Checks, before the first write to bunq, that apply can record what it does: the journal,
/// the ledger and the plan archive. A write that bunq carries out but cardpolicy cannot record
/// would be sent again by the next run, so an unwritable state directory stops apply before
/// anything is sent.
enum StateFileCheck {
    /// What cannot be written, one line each; empty when all can.
    static func problems(journal: String, ledger: String, archive: String) -> [String] {
        [
            fileProblem(journal, appendsInPlace: true).map { "the journal \(journal): \($0)" },
            fileProblem(ledger, appendsInPlace: false).map { "the ledger (--state) \(ledger): \($0)" },
            directoryProblem(archive).map { "the plan archive \(archive) \($0)" }
        ].compactMap { $0 }
    }

    /// The journal is appended to in place; the ledger is replaced by a rename in its
    /// directory, so its directory must take new files.
    private static func fileProblem(_ path: String, appendsInPlace: Bool) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return "it is a directory, not a file" }
            if appendsInPlace {
                let descriptor = open(path, O_WRONLY | O_APPEND)
                guard descriptor >= 0 else { return "it cannot be written (\(String(cString: strerror(errno))))" }
                close(descriptor)
            }
        }
        let directory = (path as NSString).deletingLastPathComponent
        return directoryProblem(directory.isEmpty ? "." : directory).map { "its directory \(directory.isEmpty ? "." : directory) \($0)" }
    }

    /// Creates the directory if needed, then a probe file in it, written, synced and removed.
    /// The problem, worded to follow the directory's name.
    private static func directoryProblem(_ directory: String) -> String? {
        var existing = directory
        var isDirectory: ObjCBool = false
        while !FileManager.default.fileExists(atPath: existing, isDirectory: &isDirectory), existing != "/", !existing.isEmpty {
            existing = (existing as NSString).deletingLastPathComponent
        }
        if !existing.isEmpty, !isDirectory.boolValue {
            return existing == directory ? "is a file, not a directory" : "cannot be created: \(existing) is a file"
        }
        guard mkdirs(directory) else { return "cannot be created (\(String(cString: strerror(errno))))" }
        let probe = (directory as NSString).appendingPathComponent(".cardpolicy-write-check-\(getpid())")
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { return "cannot be written (\(String(cString: strerror(errno))))" }
        defer { close(descriptor); unlink(probe) }
        var byte: UInt8 = 0x0A
        guard write(descriptor, &byte, 1) == 1, fsync(descriptor) == 0 else {
            return "cannot be written (\(String(cString: strerror(errno))))"
        }
        var space = statvfs()
        if statvfs(directory, &space) == 0, space.f_bavail == 0 { return "is on a full disk" }
        return nil
    }

    /// `mkdir -p`, leaving `errno` set when it fails.
    private static func mkdirs(_ directory: String) -> Bool {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) { return isDirectory.boolValue }
        let parent = (directory as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != directory, !mkdirs(parent) { return false }
        return mkdir(directory, 0o755) == 0 || errno == EEXIST
    }
}
