import BunqEmulator
import Foundation
import TestSupport
import Testing

/// The real executable against a bank that answers what bunq never would: each run ends
/// with exit 1 and one clear line, in seconds, and sends nothing anywhere else.
@Suite("answers bunq would never send")
struct HostileBankTests {
    static let cardList = "/user/{id}/card"

    /// An emulator in this process, so the test can arm faults, and `cardpolicy` pointed at
    /// it over HTTP as at any bank.
    private func withBank(
        state: EmulatorState = .demo(),
        _ body: (BunqEmulatorServer, Workspace, [String]) async throws -> Void
    ) async throws {
        let workspace = try Workspace()
        let bank = try await BunqEmulatorServer.start(EmulatorConfiguration(port: 0, rateLimits: .off), state: state)
        let connection = [
            "--api-url", bank.baseURL, "--context", workspace.path("context.json"),
            "--state", workspace.ledgerPath, "--rate-limits", "off"
        ]
        do {
            // A first run makes the API context, so the faults meet only the reads under test.
            let first = try await workspace.run(["plan"] + connection + [repositoryPolicies], environment: Self.key)
            #expect([0, 2].contains(first.exitCode), "\(first)")
            bank.resetCalls()
            try await body(bank, workspace, connection)
            try await bank.stop()
        } catch {
            try? await bank.stop()
            throw error
        }
    }

    static let key = ["BUNQ_API_KEY": "cli-hostile-bank"]

    private func listCalls(_ bank: BunqEmulatorServer) -> Int {
        bank.calls().filter { $0.method == "GET" && $0.template == Self.cardList }.count
    }

    @Test("a redirect of the card listing: exit 1 naming status and Location; the other host receives nothing")
    func redirect() async throws {
        let target = try SilentListener()
        defer { target.stop() }
        try await withBank { bank, workspace, connection in
            let location = "http://127.0.0.1:\(target.port)/v1/user/2078600/card"
            bank.inject(.redirect(code: 307, location: location, method: "GET", pathPattern: Self.cardList))
            let result = try await workspace.run(["plan"] + connection + [repositoryPolicies], environment: Self.key, timeout: 60)
            #expect(result.exitCode == 1, "\(result)")
            let last = result.stderrLines.last ?? ""
            #expect(
                last.hasPrefix(
                    "Error: bunq answered 307 Temporary Redirect to GET /user/2078600/card?count=200, a redirect to \(location); bunq does not redirect, so it was not followed and nothing was sent there (response id "
                ), "\(result)")
            #expect(listCalls(bank) == 1, "not retried: \(bank.calls().map(\.path))")
            #expect(result.stdout.isEmpty, "\(result)")
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(target.connections == 0 && target.bytes == 0, "the Location's host must receive nothing")
    }

    @Test("an answer that drips or stalls: exit 1 after the deadline and its retries, in seconds", arguments: ["drip", "stall"])
    func slowAnswers(kind: String) async throws {
        try await withBank { bank, workspace, connection in
            for _ in 0..<3 {
                bank.inject(
                    kind == "drip"
                        ? .drip(bytes: 1, intervalMilliseconds: 1_000, method: "GET", pathPattern: Self.cardList)
                        : .stall(method: "GET", pathPattern: Self.cardList))
            }
            let result = try await workspace.run(
                ["plan", "--request-timeout", "1"] + connection + [repositoryPolicies],
                environment: Self.key, timeout: 90)
            #expect(result.exitCode == 1, "\(result)")
            #expect(
                result.stderrLines.last == "Error: GET /user/2078600/card?count=200 failed after 3 attempts: no complete answer within 1.0 seconds", "\(result)"
            )
            // 3 deadlines of 1 s plus two backoffs of at most 1 s and 2 s.
            #expect(result.seconds < 12, "\(result)")
            #expect(listCalls(bank) == 3)
        }
    }

    @Test("an older_url that always leads to the same cards: exit 1 within a few pages")
    func loopingPagination() async throws {
        try await withBank { bank, workspace, connection in
            bank.inject(.loopPagination(method: "GET", pathPattern: Self.cardList))
            let result = try await workspace.run(["plan"] + connection + [repositoryPolicies], environment: Self.key, timeout: 60)
            #expect(result.exitCode == 1, "\(result)")
            #expect(
                result.stderrLines.last?.contains(
                    "is not what cardpolicy expects: page 2 of the list brings only items already read on earlier pages, so its older_url would lead on forever"
                ) == true, "\(result)")
            #expect(listCalls(bank) == 4, "page 2 repeats page 1, found once page 4 is asked for")
        }
    }

    @Test("an answer over 64 MiB: exit 1 saying so, downloaded once and not retried")
    func oversize() async throws {
        try await withBank { bank, workspace, connection in
            bank.inject(.oversize(bytes: 64 * 1024 * 1024 + 1, method: "GET", pathPattern: Self.cardList))
            let result = try await workspace.run(["plan"] + connection + [repositoryPolicies], environment: Self.key, timeout: 60)
            #expect(result.exitCode == 1, "\(result)")
            #expect(result.stderrLines.last == "Error: bunq's answer to GET /user/2078600/card?count=200 was larger than 64 MiB; not retried", "\(result)")
            #expect(listCalls(bank) == 1)
        }
    }

    @Test("two server signatures: exit 1 naming the response id, whichever is valid", arguments: [true, false])
    func doubleSignature(validFirst: Bool) async throws {
        try await withBank { bank, workspace, connection in
            bank.inject(.doubleSignature(validFirst: validFirst, method: "GET", pathPattern: Self.cardList))
            let result = try await workspace.run(["plan"] + connection + [repositoryPolicies], environment: Self.key, timeout: 60)
            #expect(result.exitCode == 1, "\(result)")
            let responseId = bank.calls().last { $0.template == Self.cardList }?.responseId ?? "?"
            #expect(
                result.stderrLines.last
                    == "Error: the answer to GET /user/2078600/card?count=200 carries more than one X-Bunq-Server-Signature; bunq sends one, so it was not used (response id \(responseId))",
                "\(result)")
            #expect(listCalls(bank) == 1)
        }
    }

    @Test("--request-timeout refuses nonsense before any call", arguments: ["0", "-1", "nan", "abc", "99999"])
    func badRequestTimeout(value: String) async throws {
        let workspace = try Workspace()
        let result = try await workspace.run(["plan", "--request-timeout", value] + workspace.connection + [repositoryPolicies])
        #expect(result.exitCode != 0 && result.exitCode != 2, "\(result)")
        #expect(result.stderr.contains("--request-timeout") || result.stderr.contains("request-timeout"), "\(result)")
        #expect(!result.stderr.contains("Fatal error"), "\(result)")
    }
}
