import Foundation
import PolicyModel
import Testing

@Suite("pinned certificates")
struct CertificateRulesTests {
    static let pemPath = repositoryRoot.appendingPathComponent("policies/certs/webhooks.pem").path

    static func policy(_ body: String) -> String {
        "version: 1\ncertificates:\n" + body
    }

    @Test func aChainFileIsParsedIntoCertificates() throws {
        let policy = try #require(loadValid(Self.policy("  - {name: webhooks, file: \"\(Self.pemPath)\"}\n")))
        let chain = try #require(policy.certificates?.first)
        #expect(chain.certificates.count == 2)
        #expect(chain.certificates[0].subject.contains("CN=hooks.example.com"))
        #expect(chain.certificates[1].subject.contains("CN=Acme Webhooks Root CA"))
        #expect(chain.certificates[0].fingerprint.count == 64)
        // The PEM written back parses to the same DER (what bunq will be sent).
        let reread = PolicyLoader.load(
            text: Self.policy(
                "  - name: again\n    pem: |\n"
                    + chain.certificates[0].pem
                    .split(separator: "\n").map { "      " + $0 }.joined(separator: "\n") + "\n"), path: "t.yaml", now: testNow)
        #expect(reread.policy?.certificates?.first?.certificates.first?.fingerprint == chain.certificates[0].fingerprint)
    }

    @Test func aRelativeFileResolvesAgainstThePolicyFile() {
        let result = PolicyLoader.load(paths: [repositoryRoot.appendingPathComponent("policies/callbacks.yaml").path], now: testNow)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.policy?.certificates?.first?.certificates.count == 2)
    }

    @Test func expiryIsAnErrorAndNearExpiryAWarning() throws {
        let leafExpiry = try #require(
            PolicyLoader.load(text: Self.policy("  - {name: w, file: \"\(Self.pemPath)\"}\n"), path: "t.yaml", now: testNow)
                .policy?.certificates?.first?.certificates.first?.notValidAfter)
        let soon = leafExpiry.addingTimeInterval(-10 * 86_400)
        let later = leafExpiry.addingTimeInterval(86_400)
        expectDiagnostics(
            Self.policy("  - {name: w, file: 1️⃣\"\(Self.pemPath)\"}\n"), now: soon,
            [("1️⃣", .warning, "CN=hooks.example.com")])
        let expired = PolicyLoader.load(text: Self.policy("  - {name: w, file: \"\(Self.pemPath)\"}\n"), path: "t.yaml", now: later)
        #expect(expired.hasErrors)
        #expect(expired.diagnostics.first?.message.contains("expired on") == true)
        #expect(expired.diagnostics.first?.message.contains("SHA-256 ") == true)
    }

    @Test func badSourcesAreReported() {
        expectDiagnostics(
            Self.policy(
                """
                  - {name: a, file: 1️⃣does-not-exist.pem}
                  - {name: b, pem: 2️⃣"not a certificate"}
                  - 3️⃣{name: c}
                  - {name: d, pem: 4️⃣"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n"}
                  - {name: e, pem: 5️⃣"-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\\n"}
                  - {name: f, pem: 6️⃣"-----BEGIN CERTIFICATE-----\\n%%% not base64 %%%\\n-----END CERTIFICATE-----\\n"}
                """),
            [
                ("1️⃣", .error, "cannot read certificate file does-not-exist.pem"),
                ("2️⃣", .error, "holds no PEM certificate"),
                ("3️⃣", .error, "exactly one of `file` or `pem`"),
                ("4️⃣", .error, "inline PEM is not an X.509 certificate: its bytes do not decode as one"),
                ("5️⃣", .error, "is a PRIVATE KEY, not a CERTIFICATE"),
                ("6️⃣", .error, "inline PEM is not a PEM certificate: a -----BEGIN----- block in it cannot be read")
            ])
    }

    /// The library's own error named its source file (PEMDocument.swift:211), not the policy's.
    @Test func aGarbledPEMFileIsNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("hooks.pem")
        try "-----BEGIN CERTIFICATE-----\nthis is not base64!\n-----END CERTIFICATE-----\n".write(to: file, atomically: true, encoding: .utf8)
        let result = PolicyLoader.load(text: Self.policy("  - {name: w, file: \"\(file.path)\"}\n"), path: "t.yaml", now: testNow)
        let messages = result.diagnostics.map(\.message)
        #expect(messages.count == 1, "\(messages)")
        #expect(messages.first?.hasPrefix("\(file.path) is not a PEM certificate: ") == true, "\(messages)")
        #expect(messages.allSatisfy { !$0.contains(".swift") && !$0.contains("ASN1Error") }, "\(messages)")
    }

    @Test func theSameChainUnderTwoNamesIsAnErrorAtTheSecond() {
        expectDiagnostics(
            Self.policy(
                """
                  - {name: webhooks, file: "\(Self.pemPath)"}
                  - 1️⃣{name: webhooks-again, file: "\(Self.pemPath)"}
                """), [("1️⃣", .error, "certificate `webhooks-again` is the same chain as `webhooks` (at test.yaml:3:5)")])
        // Two different chains (the leaf alone is another chain) stay two pins.
        let leafOnly =
            PolicyLoader.load(text: Self.policy("  - {name: full, file: \"\(Self.pemPath)\"}\n"), path: "t.yaml", now: testNow)
            .policy?.certificates?.first?.certificates.first?.pem ?? ""
        let twoChains = PolicyLoader.load(
            text: Self.policy(
                "  - {name: full, file: \"\(Self.pemPath)\"}\n  - name: leaf\n    pem: |\n"
                    + leafOnly.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n") + "\n"), path: "t.yaml", now: testNow)
        #expect(twoChains.diagnostics.isEmpty, "\(twoChains.diagnostics)")
        #expect(twoChains.policy?.certificates?.count == 2)
    }
}
