import Crypto
import Foundation
import SwiftASN1
import X509

/// One certificate of a pinned chain, identified by the SHA-256 of its DER bytes.
public struct PinnedCertificate: Hashable, Sendable {
    public var der: [UInt8]
    public var subject: String
    public var notValidAfter: Date

    /// Lower-case hex SHA-256 of the DER encoding: how chains are compared with bunq's.
    public var fingerprint: String {
        SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined()
    }

    /// The certificate as PEM, the form bunq's `certificate-pinned` POST takes.
    public var pem: String {
        PEMDocument(type: "CERTIFICATE", derBytes: der).pemString
    }
}

/// A `certificates` entry: a TLS chain bunq pins for the user's callbacks.
public struct PinnedCertificateChain: Hashable, Sendable {
    public var name: String
    public var certificates: [PinnedCertificate]
    public var location: SourceLocation

    public init(name: String, certificates: [PinnedCertificate], location: SourceLocation) {
        self.name = name
        self.certificates = certificates
        self.location = location
    }

    static let keys = ["name", "file", "pem"]

    /// Warn this long before a pinned certificate expires: bunq drops callbacks after that.
    static let expiryWarning: TimeInterval = 30 * 86_400
}

extension NodeReader {
    func certificateChain(_ node: YAMLNode, baseDirectory: String) -> PinnedCertificateChain? {
        guard let mapping = mapping(node, "a `certificates` entry") else { return nil }
        var name: String?
        var source: (text: String, node: YAMLNode, origin: String)?
        var sawName = false
        var sources = 0
        let errorsBefore = log.errorCount
        for entry in entries(mapping, allowed: PinnedCertificateChain.keys, in: "a certificate") {
            switch entry.key {
            case "name":
                sawName = true
                name = entryName(entry.value)
            case "file":
                sources += 1
                guard let file = nonEmptyString(entry.value, "`file`") else { continue }
                let path = file.hasPrefix("/") ? file : (baseDirectory as NSString).appendingPathComponent(file)
                guard let data = FileManager.default.contents(atPath: path), !isDirectory(path) else {
                    error(entry.value, "cannot read certificate file \(file) (looked at \(path))")
                    continue
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    error(entry.value, "certificate file \(file) is not PEM text")
                    continue
                }
                source = (text, entry.value, file)
            default:
                sources += 1
                if let text = nonEmptyString(entry.value, "`pem`") { source = (text, entry.value, "inline PEM") }
            }
        }
        if !sawName { error(node, "a certificate needs a `name`") }
        if sources != 1 { error(node, "a certificate takes exactly one of `file` or `pem`") }
        guard let name, let source, log.errorCount == errorsBefore else { return nil }
        guard let certificates = certificates(from: source.text, at: source.node, origin: source.origin) else { return nil }
        return PinnedCertificateChain(name: name, certificates: certificates, location: location(node))
    }

    private func certificates(from pem: String, at node: YAMLNode, origin: String) -> [PinnedCertificate]? {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: pem)
        } catch {
            // swift-certificates' own text names its source file and line, nothing the
            // policy's author can act on.
            self.error(
                node,
                "\(origin) is not a PEM certificate: a -----BEGIN----- block in it cannot be read (damaged base64, or an END line that does not match)"
            )
            return nil
        }
        guard !documents.isEmpty else {
            error(node, "\(origin) holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)")
            return nil
        }
        var result: [PinnedCertificate] = []
        for (index, document) in documents.enumerated() {
            let position = documents.count > 1 ? "certificate \(index + 1) of \(origin)" : origin
            guard document.discriminator == "CERTIFICATE" else {
                error(node, "\(position) is a \(document.discriminator), not a CERTIFICATE")
                return nil
            }
            let certificate: Certificate
            do {
                certificate = try Certificate(derEncoded: document.derBytes)
            } catch {
                self.error(node, "\(position) is not an X.509 certificate: its bytes do not decode as one")
                return nil
            }
            let pinned = PinnedCertificate(
                der: document.derBytes, subject: certificate.subject.description,
                notValidAfter: certificate.notValidAfter)
            let identity = "\(pinned.subject) (SHA-256 \(pinned.fingerprint))"
            if pinned.notValidAfter <= now {
                error(node, "\(position): certificate \(identity) expired on \(Self.day(pinned.notValidAfter))")
            } else if pinned.notValidAfter.timeIntervalSince(now) < PinnedCertificateChain.expiryWarning {
                warning(node, "\(position): certificate \(identity) expires on \(Self.day(pinned.notValidAfter)); bunq stops callbacks once it does")
            }
            result.append(pinned)
        }
        return result
    }

    private func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}

extension PinnedCertificate {
    /// Parses a chain as bunq returns it (PEM blocks joined by newlines); nil when any block
    /// is not an X.509 certificate. Live chains are compared by these fingerprints.
    public static func chain(fromPEM pem: String) -> [PinnedCertificate]? {
        guard let documents = try? PEMDocument.parseMultiple(pemString: pem), !documents.isEmpty else { return nil }
        var result: [PinnedCertificate] = []
        for document in documents {
            guard document.discriminator == "CERTIFICATE", let certificate = try? Certificate(derEncoded: document.derBytes) else { return nil }
            result.append(
                PinnedCertificate(
                    der: document.derBytes, subject: certificate.subject.description,
                    notValidAfter: certificate.notValidAfter))
        }
        return result
    }
}
