import BunqEmulator
import Foundation
import TestSupport
import Testing

/// The messages a new user met on a first afternoon, each once read as nonsense: a typo in
/// the command, a port already taken, a README passed as a policy, an account misnamed.
@Suite("first-run errors")
struct FirstRunErrorTests {
    @Test("a misspelt command: exit 1 naming the command meant")
    func misspeltCommand() async throws {
        let workspace = try Workspace()
        let typo = try await workspace.run(["pln"])
        #expect(typo.exitCode == 1, "\(typo)")
        #expect(typo.stdout.isEmpty, "\(typo)")
        #expect(
            typo.stderrLines == [
                "Error: 'pln' is not a cardpolicy command; did you mean 'plan'?",
                "The commands: validate, plan, apply, show, drift, export, unlock, schema, emulator. See 'cardpolicy --help'."
            ], "\(typo)")

        let unknown = try await workspace.run(["deploy"])
        #expect(unknown.exitCode == 1, "\(unknown)")
        #expect(unknown.stderrLines.first == "Error: 'deploy' is not a cardpolicy command", "\(unknown)")

        // A real command's own argument errors are ArgumentParser's, unchanged.
        let option = try await workspace.run(["plan", "--frmat", "json"])
        #expect(option.exitCode == 1, "\(option)")
        #expect(option.stderrLines.first == "Error: Unknown option '--frmat'. Did you mean '--format'?", "\(option)")
    }

    @Test("the emulator on a port another process holds: exit 1 with the way out")
    func portInUse() async throws {
        let workspace = try Workspace()
        let holder = try SilentListener()
        defer { holder.stop() }
        let result = try await workspace.run(["emulator", "--port", String(holder.port)], timeout: 60)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr == "Error: port \(holder.port) is in use; pass --port 0 for a free one\n", "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test("a Markdown file named as a policy: not a policy file, rather than empty")
    func markdownAsPolicy() async throws {
        let workspace = try Workspace()
        let notes = try workspace.write("# hi\n", to: "notes.md")
        let result = try await workspace.run(["validate", notes])
        #expect(result.exitCode == 1, "\(result)")
        #expect(
            result.stdoutLines.first
                == "\(notes):1:1: error: not a policy file: as YAML it holds nothing, or only comments; policies are YAML files (*.yaml, *.yml) that start with `version: 1`",
            "\(result)")
    }

    @Test("a fallback_account description bunq does not have: the accounts that exist are listed")
    func unknownFallbackAccount() async throws {
        let workspace = try Workspace(state: .demo())
        try workspace.write(
            """
            version: 1
            unmanaged: ignore
            cards:
              - name: alice-travel
                match: {id: 2079040}
                fallback_account: {description: "Savings"}
            """, to: "policy/cards.yaml")
        let result = try await workspace.run(["plan"] + workspace.connection + ["policy"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(
            result.stderrLines.contains(
                "policy/cards.yaml:6:23: error: card alice-travel (…8069 \"Alice Travel\"): fallback_account: no monetary account described \"Savings\"; the accounts are 2078781 \"Main\" (NL90BUNQ2078781001), 2078790 \"Buffer\" (NL48BUNQ2078790002), 2078795 \"prepaid credit card\" (NL45BUNQ2078795003)"
            ), "\(result)")
    }
}
