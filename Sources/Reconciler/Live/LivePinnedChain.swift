/// A pinned chain as bunq holds it, identified by the DER fingerprints of its certificates.
public struct LivePinnedChain: Hashable, Sendable, Codable {
    public var id: Int
    /// SHA-256 of each certificate's DER, in chain order; empty when the chain does not parse.
    public var fingerprints: [String]
    public var subjects: [String]
    /// The chain as bunq returns it: PEM blocks joined by newlines (for export).
    public var pem: String

    public init(id: Int, fingerprints: [String], subjects: [String], pem: String) {
        self.id = id
        self.fingerprints = fingerprints
        self.subjects = subjects
        self.pem = pem
    }
}
