/// A pinned certificate chain as read from `/user/{userID}/certificate-pinned`.
///
/// bunq returns the chain as ONE string of PEMs joined by newlines, although it is
/// posted as a list; both forms are compared by their DER bytes.
public struct CertificatePinned: Codable, Hashable, Sendable, Identifiable {
    public var id: Int
    public var certificateChain: String

    public init(id: Int, certificateChain: String) {
        self.id = id
        self.certificateChain = certificateChain
    }

    enum CodingKeys: String, CodingKey {
        case id
        case certificateChain = "certificate_chain"
    }
}

/// The body of `POST /user/{userID}/certificate-pinned`: `{"certificate_chain": [{"certificate": PEM}, ...]}`.
public struct CertificatePinnedCreate: Codable, Hashable, Sendable {
    /// One certificate of the chain.
    public struct Entry: Codable, Hashable, Sendable {
        public var certificate: String

        public init(certificate: String) { self.certificate = certificate }
    }

    public var certificateChain: [Entry]

    /// One PEM certificate per element, leaf first.
    public init(pemCertificates: [String]) {
        self.certificateChain = pemCertificates.map(Entry.init(certificate:))
    }

    enum CodingKeys: String, CodingKey {
        case certificateChain = "certificate_chain"
    }
}
