import Foundation

/// Checks, before the first write to bunq, that apply can record what it does: the journal,
/// the ledger and the plan archive. A write that bunq carries out but cardpolicy cannot record
/// would be sent again by the next run, so an unwritable state directory stops apply before
/// anything is sent.
enum StateFileCheck {
    /// What cannot be written, one line each; empty when all can.
    static func problems(journal: String, ledger: String, archive: String) -> [String] {
        var problems: [String] = []
        if let problem = fileProblem(journal, what: "the journal", appendsInPlace: true) { problems.append(problem) }
        if let problem = fileProblem(ledger, what: "the ledger (--state)", appendsInPlace: false) { problems.append(problem) }
        if let problem = directoryProblem(archive, what: "the plan archive") { problems.append(problem) }
        return problems
    }

    /// The journal is appended to in place; the ledger is replaced by a rename in its
    /// directory, so its directory must take new files.
    private static func fileProblem(_ path: String, what: String, appendsInPlace: Bool) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return "\(what) \(path) is a directory, not a file" }
            if appendsInPlace {
                let descriptor = open(path, O_WRONLY | O_APPEND)
                guard descriptor >= 0 else { return "\(what) \(path) cannot be written: \(String(cString: strerror(errno)))" }
                close(descriptor)
            }
        }
        let directory = (path as NSString).deletingLastPathComponent
        return directoryProblem(directory.isEmpty ? "." : directory, what: "the directory of \(what)")
    }

    /// Creates the directory if needed, then a probe file in it, written, synced and removed.
    private static func directoryProblem(_ directory: String, what: String) -> String? {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            return "\(what) \(directory) cannot be created: \(reason(error))"
        }
        let probe = (directory as NSString).appendingPathComponent(".cardpolicy-write-check-\(getpid())")
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { return "\(what) \(directory) cannot be written: \(String(cString: strerror(errno)))" }
        defer { close(descriptor); unlink(probe) }
        var byte: UInt8 = 0x0A
        guard write(descriptor, &byte, 1) == 1, fsync(descriptor) == 0 else {
            return "\(what) \(directory) cannot be written: \(String(cString: strerror(errno)))"
        }
        var space = statvfs()
        if statvfs(directory, &space) == 0, space.f_bavail == 0 {
            return "\(what) \(directory) is on a full disk (no space left on the device)"
        }
        return nil
    }

    private static func reason(_ error: Error) -> String {
        guard let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
              underlying.domain == NSPOSIXErrorDomain else { return error.localizedDescription }
        return String(cString: strerror(Int32(underlying.code)))
    }
}
