import BunqEmulator
import Foundation
import Testing

/// DESIGN.md §5: secrets never appear in any output. Every command runs with `--verbose`
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
        outputs.append(try await workspace.run(["plan", "--verbose", "--out", workspace.path("plan.json")] + workspace.connection + ["policies"],
                                               environment: environment))
        outputs.append(try await workspace.run(["plan", "--verbose", "--format", "json"] + workspace.connection + ["policies"],
                                               environment: environment))
        outputs.append(try await workspace.run(["plan", "--verbose", "--format", "markdown"] + workspace.connection + ["policies"],
                                               environment: environment))
        outputs.append(try await workspace.run(["drift", "--verbose", "--format", "json"] + workspace.connection + ["policies"],
                                               environment: environment))
        outputs.append(try await workspace.run(["export", "--verbose", "--out", "exported"] + workspace.connection,
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
        let secrets = [("API key", apiKey), ("installation token", installationToken), ("session token", sessionToken)]
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
}
