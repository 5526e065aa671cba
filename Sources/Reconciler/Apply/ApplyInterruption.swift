/// A request to stop an apply between two writes (the executable wires it to SIGINT and
/// SIGTERM). Only the write phase listens: before it nothing has been sent, so stopping at
/// once loses nothing; during it, stopping mid-call would leave a write unjournaled.
public protocol ApplyInterruption: Sendable {
    /// The first write is about to be sent: start listening.
    func writesBegin()
    /// The writes are over: stop listening (a signal now ends the process as usual).
    func writesEnd()
    /// Whether a stop was asked for since `writesBegin()`.
    var isRequested: Bool { get }
}
