import BunqEmulator
import Foundation
import Testing

/// Secrets never appear in any output. Every command runs with `--verbose`
/// (all calls logged) and a distinctive API key, then nothing it printed or saved may hold
/// the key, the session token, the installation token or the private key from the context.
@Suite("secrets")
struct SecretTests {
    @Test("plan, drift and export with --verbose print no key, token or private key")
    func noSecretsInOutput() async throws {
        let workspace = try Workspace(state: .demo())
        try FileManager.default.copyItem(atPath: repositoryPolicies, toPath: workspace.path("policies"))
        let apiKey = "cli-secret-key-" + UUID().uuidString
        let environment = ["BUNQ_API_KEY": apiKey]

        var outputs: [CommandResult] = []
        // The first run creates the context (installation, device, session): the calls
        // that carry the key and answer with tokens.
        outputs.append(
            try await workspace.run(
                ["plan", "--verbose", "--out", workspace.path("plan.json")] + workspace.connection + ["policies"],
                environment: environment))
        outputs.append(
            try await workspace.run(
                ["plan", "--verbose", "--format", "json"] + workspace.connection + ["policies"],
                environment: environment))
        outputs.append(
            try await workspace.run(
                ["plan", "--verbose", "--format", "markdown"] + workspace.connection + ["policies"],
                environment: environment))
        outputs.append(
            try await workspace.run(
                ["drift", "--verbose", "--format", "json"] + workspace.connection + ["policies"],
                environment: environment))
        outputs.append(
            try await workspace.run(
                ["export", "--verbose", "--out", "exported"] + workspace.connection,
                environment: environment))
        for result in outputs { #expect([0, 2].contains(result.exitCode), "\(result)") }
        #expect(outputs[0].stderr.contains("POST /installation"), "the first run must have created the context: \(outputs[0])")

        let context = try workspace.context()
        let installation = try #require(context["installation"] as? [String: Any])
        let session = try #require(context["session"] as? [String: Any])
        let installationToken = try #require(installation["token"] as? String)
        let sessionToken = try #require(session["token"] as? String)
        let privateKey = try #require(installation["private_key_pem"] as? String)
        #expect(installationToken.count >= 32 && sessionToken.count >= 32)
        #expect(privateKey.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        // Any one line of the key's base64 body would be a leak, not only the whole PEM.
        let keyLines = privateKey.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") && $0.count >= 32 }
        #expect(keyLines.count > 10)

        var printed = outputs.map { $0.stdout + $0.stderr }
        printed.append(try String(contentsOfFile: workspace.path("plan.json"), encoding: .utf8))
        for file in try FileManager.default.subpathsOfDirectory(atPath: workspace.path("exported")) {
            var isDirectory: ObjCBool = false
            let path = workspace.path("exported/" + file)
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                printed.append(try String(contentsOfFile: path, encoding: .utf8))
            }
        }
        let secrets =
            [("API key", apiKey), ("installation token", installationToken), ("session token", sessionToken)]
            + keyLines.map { ("private key", $0) }
        for text in printed {
            for (name, secret) in secrets {
                #expect(!text.contains(secret), "the \(name) appears in the output")
            }
        }
        // The emulator's state keeps only a hash of the key, as bunq would.
        let stateText = try String(contentsOfFile: workspace.statePath, encoding: .utf8)
        #expect(!stateText.contains(apiKey))
    }

    @Test("apply with --verbose: its output, journal, archived plan and ledger hold no key, token, private key or CVC2")
    func noSecretsFromApply() async throws {
        let workspace = try Workspace(state: .demo())
        try FileManager.default.copyItem(atPath: repositoryPolicies, toPath: workspace.path("policies"))
        let apiKey = "cli-secret-key-" + UUID().uuidString
        // The demo policy switches a card to generated CVC2 codes: the emulator then holds codes.
        let result = try await workspace.run(
            ["apply", "--verbose", "--auto-approve", "--max-deletes", "1"] + workspace.connection + ["policies"],
            environment: ["BUNQ_API_KEY": apiKey])
        #expect(result.exitCode == 0, "\(result)")

        let context = try workspace.context()
        let installation = try #require(context["installation"] as? [String: Any])
        let session = try #require(context["session"] as? [String: Any])
        let privateKey = try #require(installation["private_key_pem"] as? String)
        let keyLines = privateKey.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") && $0.count >= 32 }
        let codes = try workspace.state().generatedCvc2.map(\.cvc2).filter { $0.count >= 3 }
        #expect(!codes.isEmpty, "the apply must have left generated CVC2 codes in bunq for this test to mean anything")
        var secrets =
            [
                ("API key", apiKey), ("installation token", try #require(installation["token"] as? String)),
                ("session token", try #require(session["token"] as? String))
            ] + keyLines.map { ("private key", $0) }
        secrets += codes.map { ("CVC2 code", "\"\($0)\"") }

        var written = [("output", result.stdout + result.stderr)]
        for relative in [".cardpolicy/journal.jsonl", "ledger.json"] {
            written.append((relative, try String(contentsOfFile: workspace.path(relative), encoding: .utf8)))
        }
        let archived = try FileManager.default.contentsOfDirectory(atPath: workspace.path(".cardpolicy/plans"))
        #expect(!archived.isEmpty)
        for file in archived {
            written.append((file, try String(contentsOfFile: workspace.path(".cardpolicy/plans/" + file), encoding: .utf8)))
        }
        for (name, text) in written {
            for (secretName, secret) in secrets {
                #expect(!text.contains(secret), "the \(secretName) appears in \(name)")
            }
        }
    }

    @Test("an API key file others can read: a warning naming it, and the command still runs", arguments: [0o644, 0o600])
    func apiKeyFileMode(mode: Int) async throws {
        let workspace = try Workspace(state: .demo())
        try FileManager.default.copyItem(atPath: repositoryPolicies, toPath: workspace.path("policies"))
        let keyFile = try workspace.write("cli-key-file-secret\n", to: "api-key")
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: keyFile)
        let result = try await workspace.run(["plan", "--api-key-file", keyFile] + workspace.connection + ["policies"])
        #expect(result.exitCode == 0, "\(result)")
        let warned = result.stderr.contains("warning: the API key file \(keyFile) can be read by other users (mode 644): chmod 600 it")
        #expect(warned == (mode == 0o644), "\(result)")
        #expect(!result.stderr.contains("cli-key-file-secret"))
    }
}
