import BunqAPI
import PolicyModel

/// Pinned chains compare by the DER fingerprints of their certificates. bunq has no update:
/// a new chain is POSTed first and the old one DELETEd after, so callbacks never run unpinned.
enum PinnedChainDiff {
    static func actions(desired: [PinnedCertificateChain], live: [LivePinnedChain], userId: Int) -> [PlanAction] {
        var unmatchedLive = live
        var creates: [PlanAction] = []
        let digest = liveDigest(live)
        for chain in desired {
            let fingerprints = chain.certificates.map(\.fingerprint)
            if let index = unmatchedLive.firstIndex(where: { $0.fingerprints == fingerprints }) {
                unmatchedLive.remove(at: index)
                continue
            }
            let body = PlannedBody.text(CertificatePinnedCreate(pemCertificates: chain.certificates.map(\.pem)))
            let changes = chain.certificates.enumerated().map { index, certificate in
                FieldChange(
                    field: "certificate_chain[\(index)]", before: nil,
                    after: "\(certificate.subject) (SHA-256 \(certificate.fingerprint.prefix(16))…)",
                    afterValue: .certificate(subject: certificate.subject, sha256: certificate.fingerprint))
            }
            creates.append(
                PlanAction(
                    id: "certificate/\(chain.name)", kind: .pinCertificateChain,
                    resource: "pinned chain \(chain.name)", changes: changes, target: .pinnedChains,
                    request: PlannedRequest(method: "POST", path: "/user/\(userId)/certificate-pinned", body: body),
                    irreversible: false, sources: [chain.location], liveDigest: digest, ledger: nil))
        }
        let deletes = unmatchedLive.map { chain in
            let changes = zip(chain.subjects, chain.fingerprints).enumerated().map { index, pair in
                FieldChange(
                    field: "certificate_chain[\(index)]", before: "\(pair.0) (SHA-256 \(pair.1.prefix(16))…)", after: nil,
                    beforeValue: .certificate(subject: pair.0, sha256: pair.1))
            }
            return PlanAction(
                id: "certificate-pinned/\(chain.id)", kind: .unpinCertificateChain,
                resource: "pinned chain \(chain.id) (not in the policy)", changes: changes,
                target: .pinnedChain(id: chain.id),
                request: PlannedRequest(method: "DELETE", path: "/user/\(userId)/certificate-pinned/\(chain.id)", body: nil),
                irreversible: false, sources: [], liveDigest: liveDigest(of: chain.id, in: live), ledger: nil)
        }
        return creates + deletes
    }

    /// What an unpin depends on: the one chain it deletes. The whole set would change as soon
    /// as the same plan pinned its new chain, and a resumed plan would then call it stale.
    static func liveDigest(of id: Int, in live: [LivePinnedChain]) -> String {
        liveDigest(live.filter { $0.id == id })
    }

    static func liveDigest(_ live: [LivePinnedChain]) -> String {
        Digest.sha256(live.sorted { $0.id < $1.id }.map { "\($0.id)=\($0.fingerprints.joined(separator: ","))" }.joined(separator: "\n"))
    }
}
