/// A pinned certificate chain (`/certificate-pinned`), stored as the PEMs that were posted.
public struct CertificatePin: Codable, Equatable, Sendable {
    public var id: Int
    public var created: String
    /// One PEM per certificate, in the order posted; GET joins them with newlines.
    public var certificates: [String]

    public init(id: Int, created: String, certificates: [String]) {
        self.id = id
        self.created = created
        self.certificates = certificates
    }

    /// The chain as bunq reads it back: one string, certificates glued with newlines.
    public var chain: String { certificates.joined(separator: "\n") }
}
