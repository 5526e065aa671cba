import BunqEmulator
import Foundation
import Testing

/// Failures a user meets: each exits 1 with a message that says what to fix, never a
/// crash, a hang or a plan printed from half the input.
@Suite("errors")
struct ErrorTests {
    @Test("a selector that matches no live card: exit 1 with file:line:col, from plan and drift", arguments: ["plan", "drift"])
    func selectorMatchesNothing(command: String) async throws {
        let workspace = try Workspace(state: .demo())
        try workspace.write(
            """
            version: 1
            cards:
              - name: nobody
                match: {last4: "0000"}
                limits: {atm: 0 EUR}
            """, to: "policies/none.yaml")
        let result = try await workspace.run([command] + workspace.connection + ["policies"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderrLines.contains("policies/none.yaml:4:12: error: card nobody: no live card has last4 0000"), "\(result)")
        #expect(result.stdout.isEmpty, "no plan is printed from a policy that does not resolve: \(result)")
    }

    @Test("an invalid policy: exit 1 with the loader's diagnostics, before any bunq call", arguments: ["plan", "drift"])
    func invalidPolicy(command: String) async throws {
        let workspace = try Workspace(state: .demo())
        try workspace.write(
            """
            version: 1
            cards:
              - name: typo
                match: {last4: "8069"}
                limts: {atm: 0 EUR}
            """, to: "policies/typo.yaml")
        let result = try await workspace.run([command, "--verbose"] + workspace.connection + ["policies"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderrLines.contains("policies/typo.yaml:5:5: error: unknown key `limts` in a card; did you mean `limits`?"), "\(result)")
        #expect(!result.stderr.contains("[BunqAPI]"), "nothing may be read from bunq for an invalid policy: \(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test("no API key and no --emulator: exit 1 at once with a clear message", arguments: ["plan", "drift", "export"])
    func missingAPIKey(command: String) async throws {
        let workspace = try Workspace()
        let port = try closedLocalPort()
        var arguments = [
            command, "--api-url", "http://127.0.0.1:\(port)/v1", "--context", workspace.path("context.json"),
            "--state", workspace.ledgerPath
        ]
        if command == "export" { arguments += ["--out", workspace.path("exported")] } else { arguments.append(repositoryPolicies) }
        let result = try await workspace.run(arguments, timeout: 30)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr == "Error: no bunq API key: set BUNQ_API_KEY or pass --api-key-file FILE\n", "\(result)")
        #expect(result.seconds < 10, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: workspace.path("context.json")), "no context without a key")
    }

    @Test("an API URL where nothing listens: exit 1 saying it could not connect, within seconds")
    func unreachableAPI() async throws {
        let workspace = try Workspace()
        let port = try closedLocalPort()
        let result = try await workspace.run(
            [
                "plan", "--api-url", "http://127.0.0.1:\(port)/v1", "--context", workspace.path("context.json"),
                "--state", workspace.ledgerPath, repositoryPolicies
            ],
            environment: ["BUNQ_API_KEY": "cli-test-unreachable"], timeout: 120)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderrLines.last?.hasPrefix("Error: POST /installation failed after 3 attempts: could not connect") == true, "\(result)")
        // Two retries with backoff (0.5–1 s, then 1–2 s): a few seconds, not the 30 s request
        // timeout even once. The bound leaves room for the debug executable starting while the
        // rest of the suite runs beside it, which took 16 s once on a quiet two-core machine.
        #expect(result.seconds < 30, "took \(result.seconds) s: \(result)")
        #expect(!result.stderr.contains("Fatal error"), "\(result)")
    }

    @Test(
        "a plain-http API URL off this machine is refused before any call: the key would cross unencrypted",
        arguments: [["--api-url", "http://api.bunq.example/v1"], ["--api-url", "HTTP://192.0.2.1:8089/v1"]])
    func cleartextURL(arguments: [String]) async throws {
        let workspace = try Workspace()
        let policy = try workspace.write("version: 1\n", to: "policies/empty.yaml")
        let result = try await workspace.run(
            ["plan"] + arguments + ["--context", workspace.path("context.json"), "--state", workspace.ledgerPath, policy],
            environment: ["BUNQ_API_KEY": "cli-test-key"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("is plain http: the API key would cross the network unencrypted"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: workspace.path("context.json")), "no context may have been made")
        // The same through the environment.
        let viaEnvironment = try await workspace.run(
            ["plan", "--context", workspace.path("context.json"), "--state", workspace.ledgerPath, policy],
            environment: ["BUNQ_API_KEY": "cli-test-key", "BUNQ_API_URL": arguments[1]])
        #expect(viaEnvironment.exitCode == 1 && viaEnvironment.stderr.contains("is plain http"), "\(viaEnvironment)")
    }

    @Test(
        "an API URL that cannot work is said at once, not retried as a network failure",
        arguments: ["ftp://127.0.0.1/v1", "not a url", "https:///v1"])
    func unusableURL(url: String) async throws {
        let workspace = try Workspace()
        let policy = try workspace.write("version: 1\n", to: "policies/empty.yaml")
        let result = try await workspace.run(
            ["plan", "--api-url", url, "--context", workspace.path("context.json"), "--state", workspace.ledgerPath, policy],
            environment: ["BUNQ_API_KEY": "cli-test-key"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr == "Error: \(url) is not an API URL: it must look like https://api.bunq.com/v1\n", "\(result)")
    }

    @Test(
        "--emulator with --context, or with an empty path, is a usage error: the emulator's context lives beside its state",
        arguments: [
            (["--emulator", "bunq.json", "--context", "real.json"], "--emulator keeps its API context beside its state file: leave out --context."),
            (["--emulator", ""], "--emulator needs a state file path.")
        ])
    func emulatorOptions(arguments: [String], message: String) async throws {
        let workspace = try Workspace()
        try "{}".write(toFile: workspace.path("real.json"), atomically: true, encoding: .utf8)
        let result = try await workspace.run(["plan"] + arguments + [repositoryPolicies])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.hasPrefix("Error: \(message)"), "\(result)")
        #expect(try String(contentsOfFile: workspace.path("real.json"), encoding: .utf8) == "{}", "the real context is never touched")
    }

    @Test(
        "a file where a directory is wanted, or the other way round: one line naming it, not Foundation's error dump",
        arguments: [
            // (arguments, how the line starts, how it ends): Foundation may name the file by its absolute path.
            (["export", "--out", "afile"], "Error: ", "afile: File exists\n"),
            (["plan", "--state", "adir"], "Error: ", "adir: Is a directory\n"),
            (["apply", "--plan", "missing.json"], "Error: cannot read the saved plan ", "missing.json: No such file or directory\n"),
            (
                ["apply", "--plan", "notaplan.json"], "Error: cannot read the saved plan ",
                "notaplan.json: it is not a plan that `cardpolicy plan --out` wrote\n"
            ),
            (
                ["plan", "--state", "notaledger.json"], "Error: ",
                "notaledger.json: not a cardpolicy ledger (not the JSON apply writes); restore it from where it is kept, or move it away and accept that expiries sent before are unknown\n"
            )
        ])
    func fileMistakes(arguments: [String], start: String, end: String) async throws {
        let workspace = try Workspace(state: .demo())
        try workspace.write("", to: "afile")
        try workspace.write("{}", to: "notaplan.json")
        try workspace.write("{\"x\":", to: "notaledger.json")
        try FileManager.default.createDirectory(atPath: workspace.path("adir"), withIntermediateDirectories: true)
        let paths = arguments.first == "export" || arguments.contains("--plan") ? [] : [repositoryPolicies]
        let result = try await workspace.run(arguments + ["--emulator", workspace.statePath] + paths)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderrLines.count == 1 && result.stderr.hasPrefix(start) && result.stderr.hasSuffix(end), "\(result)")
        #expect(!result.stderr.contains("Domain="), "\(result)")
    }

    @Test("--out in a directory that does not exist: exit 1 naming the file")
    func unwritablePlanFile() async throws {
        let workspace = try Workspace(state: .demo())
        let out = workspace.path("missing-dir/plan.json")
        let result = try await workspace.run(["plan", "--out", out] + workspace.connection + [repositoryPolicies])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.hasPrefix("Error: cannot write the plan to \(out)"), "\(result)")
    }

    @Test(
        "a wrong command line exits 1, not ArgumentParser's 64, with the usage on stderr",
        arguments: [
            ["plan", "--format", "xml"], ["drift", "--bogus"], ["export", "--rate-limits", "fast"],
            ["plan", "--sandbox", "--api-url", "http://127.0.0.1:1/v1"]
        ])
    func usageError(arguments: [String]) async throws {
        let workspace = try Workspace()
        let result = try await workspace.run(arguments, timeout: 30)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.hasPrefix("Error: "), "\(result)")
        #expect(result.stderr.contains("Usage: cardpolicy \(arguments[0])"), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test("--help is not an error: exit 0, help on stdout")
    func help() async throws {
        let workspace = try Workspace()
        let result = try await workspace.run(["plan", "--help"], timeout: 30)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("--detailed-exitcode") && result.stdout.contains("--rate-limits"), "\(result)")
    }

    @Test("a damaged ledger is an error naming it, never silently treated as empty")
    func damagedLedger() async throws {
        let workspace = try Workspace(state: .demo())
        try workspace.write("{not json", to: "ledger.json")
        let result = try await workspace.run(["plan"] + workspace.connection + [repositoryPolicies])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("\(workspace.ledgerPath): not a cardpolicy ledger"), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }
}

/// A local TCP port that nothing listens on: bound to find a free one, then closed.
func closedLocalPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw TestSetupError("socket() failed") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Bool in
            bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
        }
    }
    guard bound else { throw TestSetupError("cannot bind a local port") }
    return Int(UInt16(bigEndian: address.sin_port))
}
