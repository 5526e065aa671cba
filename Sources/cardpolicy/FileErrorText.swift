import Foundation

/// Foundation's file errors in one line a user can act on: `path: reason`. Printed as they
/// come, they read `Error Domain=NSCocoaErrorDomain Code=516 "…" UserInfo={…}`.
enum FileErrorText {
    static func describe(_ error: Error) -> String? {
        // A DecodingError bridges to NSCocoaErrorDomain too, but it is about content, not a file.
        guard !(error is DecodingError) else { return nil }
        let nsError = error as NSError
        guard nsError.domain == NSCocoaErrorDomain || nsError.domain == NSPOSIXErrorDomain else { return nil }
        let path = nsError.userInfo[NSFilePathErrorKey] as? String ?? (nsError.userInfo[NSURLErrorKey] as? URL)?.path
        let reason: String
        let underlying = (nsError.userInfo[NSUnderlyingErrorKey] as? Error).map { $0 as NSError }
        if let posix = nsError.domain == NSPOSIXErrorDomain ? nsError : underlying, posix.domain == NSPOSIXErrorDomain {
            reason = String(cString: strerror(Int32(posix.code)))
        } else {
            reason = nsError.localizedDescription
        }
        return path.map { "\($0): \(reason)" } ?? reason
    }
}
