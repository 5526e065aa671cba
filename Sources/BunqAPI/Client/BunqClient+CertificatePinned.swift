/// Pinned callback certificate chains: `/user/{userID}/certificate-pinned`. There is no
/// update: pin the new chain, then delete the old one, so callbacks are never left unpinned.
extension BunqClient {
    public func pinnedCertificates() async throws -> [CertificatePinned] {
        let user = try await userId()
        return try await getAll(CertificatePinned.self, path: "/user/\(user)/certificate-pinned").map(\.value)
    }

    public func pinnedCertificate(id: Int) async throws -> CertificatePinned {
        let user = try await userId()
        return try await getObject(CertificatePinned.self, path: "/user/\(user)/certificate-pinned/\(id)").value
    }

    /// Pins a chain (one PEM certificate per element); answers the new chain's id.
    public func pinCertificateChain(
        _ pemCertificates: [String], requestId: RequestIdentity? = nil
    ) async throws -> WriteResult<Int> {
        let user = try await userId()
        let path = "/user/\(user)/certificate-pinned"
        let body = try encodeBody(CertificatePinnedCreate(pemCertificates: pemCertificates), path: path)
        return try await write("POST", path: path, body: body, identity: requestId) { try self.decodeId($0, of: $1) }
    }

    public func deletePinnedCertificate(id: Int, requestId: RequestIdentity? = nil) async throws -> WriteResult<Void> {
        let user = try await userId()
        return try await write(
            "DELETE", path: "/user/\(user)/certificate-pinned/\(id)", body: nil,
            identity: requestId
        ) { _, _ in () }
    }
}
