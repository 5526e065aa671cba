import Foundation

/// A light check that text is one PEM certificate: the armour, base64 inside, and a DER
/// SEQUENCE. bunq parses chains fully; the emulator only needs to refuse non-certificates.
enum PEMCertificate {
    static func isCertificate(_ pem: String) -> Bool {
        let lines = pem.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        guard lines.count >= 3, lines.first == "-----BEGIN CERTIFICATE-----", lines.last == "-----END CERTIFICATE-----" else {
            return false
        }
        guard let der = Data(base64Encoded: lines.dropFirst().dropLast().joined()), der.count > 64 else { return false }
        return der.first == 0x30
    }
}
