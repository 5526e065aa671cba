import Foundation
import Reconciler
import Synchronization

/// SIGINT and SIGTERM during apply's writes: the first asks the Applier to stop after the
/// write in flight (so that write is answered and journaled, and the run exits 4 for a re-run
/// to resume); the second ends the process at once, for a person who cannot wait.
final class SignalInterruption: ApplyInterruption {
    /// The signal received, 0 for none. A signal handler may only touch lock-free state.
    private static let received = Atomic<Int32>(0)
    /// Prepared outside the handler, which must not allocate.
    private static let notice: [UInt8] = Array(
        "\ncardpolicy: interrupted; finishing the write in flight, then stopping (a second signal stops at once)\n".utf8)
    private nonisolated(unsafe) static var noticePointer: UnsafeMutableRawPointer?

    func writesBegin() {
        Self.received.store(0, ordering: .sequentiallyConsistent)
        if Self.noticePointer == nil {
            let pointer = UnsafeMutableRawPointer.allocate(byteCount: Self.notice.count, alignment: 1)
            pointer.copyMemory(from: Self.notice, byteCount: Self.notice.count)
            Self.noticePointer = pointer
        }
        for number in [SIGINT, SIGTERM] {
            signal(number) { number in
                // The default action is back for the next signal: that one ends the process.
                signal(SIGINT, SIG_DFL)
                signal(SIGTERM, SIG_DFL)
                SignalInterruption.received.store(number, ordering: .sequentiallyConsistent)
                if let pointer = SignalInterruption.noticePointer {
                    _ = write(STDERR_FILENO, pointer, SignalInterruption.notice.count)
                }
            }
        }
    }

    func writesEnd() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    var isRequested: Bool { Self.received.load(ordering: .sequentiallyConsistent) != 0 }

    /// `SIGTERM`, `SIGINT`: for the closing message.
    var signalName: String? {
        switch Self.received.load(ordering: .sequentiallyConsistent) {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case 0: return nil
        case let other: return "signal \(other)"
        }
    }
}
