import Crypto
import Foundation
import TestSupport
import Testing

/// `drift --notify URL`: the webhook post, against a real HTTP receiver on 127.0.0.1.
@Suite("drift --notify")
struct DriftNotifyTests {
    /// An exported policy, then a purchase limit raised in the app: one card drifted.
    static func driftedWorkspace() async throws -> Workspace {
        let workspace = try await DriftCommandTests.exportedWorkspace()
        try workspace.changeState { state in
            let index = try #require(state.cards.firstIndex { $0.id == DriftCommandTests.aliceTravel })
            state.cards[index].cardLimit = .init(value: "3000.00")
        }
        return workspace
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test("drift found: the drift printed as usual, then one signed JSON post naming the card, never a value")
    func signedPost() async throws {
        let workspace = try await Self.driftedWorkspace()
        let receiver = try RecordingReceiver()
        defer { receiver.stop() }
        let secret = "receiver-shared-secret"
        let run = try await workspace.run(
            ["drift", "--notify", receiver.url] + workspace.connection + ["exported"], environment: ["CARDPOLICY_NOTIFY_SECRET": secret])
        #expect(run.exitCode == 2, "\(run)")
        #expect(run.stdoutLines.contains("    ~ limits.purchase: 3000.00 EUR → 1000.00 EUR"), "\(run)")
        #expect(run.stderr.isEmpty, "\(run)")

        let request = try #require(receiver.requests.first, "nothing was posted")
        #expect(receiver.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.path == "/hook")
        #expect(request.header("Content-Type") == "application/json")
        // Verified as a receiver would: HMAC-SHA256 over the exact bytes received.
        let expected = HMAC<SHA256>.authenticationCode(for: request.body, using: SymmetricKey(data: Data(secret.utf8)))
        #expect(request.header("X-Cardpolicy-Signature") == "sha256=" + Self.hex(expected))

        let planId = try #require(run.stdoutLines.first?.split(separator: "(plan ").last?.dropLast(2))
        let body = String(decoding: request.body, as: UTF8.self)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any], "\(body)")
        #expect(document["event"] as? String == "drift")
        #expect((document["plan_id"] as? String)?.hasPrefix(String(planId)) == true, "the full id; the log shows its first 12")
        #expect(
            document["text"] as? String
                == "cardpolicy drift: bunq no longer matches the policy (0 to add, 1 to change, 0 to remove; plan \(planId))")
        #expect(document["changed"] as? [String] == ["card alice-travel (…8069 \"Alice Travel\")"])
        #expect(document["conflicts"] as? [String] == [])
        let summary = try #require(document["summary"] as? [String: Int])
        #expect(summary == ["create": 0, "update": 1, "delete": 0, "conflicts": 0, "unmanaged": 0, "rule_violations": 0])
        // Names and counts only: the limits that drifted stay in the job's log.
        #expect(!body.contains("3000") && !body.contains("1000"), "\(body)")
    }

    @Test("no drift: nothing is posted; without a secret the post carries no signature")
    func noDriftAndUnsigned() async throws {
        let workspace = try await DriftCommandTests.exportedWorkspace()
        let receiver = try RecordingReceiver()
        defer { receiver.stop() }
        let clean = try await workspace.run(["drift", "--notify", receiver.url] + workspace.connection + ["exported"])
        #expect(clean.exitCode == 0, "\(clean)")
        #expect(receiver.requests.isEmpty)

        try workspace.changeState { state in
            let index = try #require(state.cards.firstIndex { $0.id == DriftCommandTests.aliceTravel })
            state.cards[index].status = "LOST"
        }
        let lost = try await workspace.run(["drift", "--notify", receiver.url] + workspace.connection + ["exported"])
        #expect(lost.exitCode == 3, "\(lost)")
        let request = try #require(receiver.requests.first, "a conflict is drift too")
        #expect(request.header("X-Cardpolicy-Signature") == nil)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(document["conflicts"] as? [String] == ["card alice-travel (…8069 \"Alice Travel\")"])
        #expect((document["text"] as? String)?.contains("0 to remove, 1 conflict; plan ") == true, "\(document)")
    }

    @Test("a receiver answering 500: the drift still printed, then the failure, exit 1")
    func receiverError() async throws {
        let workspace = try await Self.driftedWorkspace()
        let receiver = try RecordingReceiver(status: 500)
        defer { receiver.stop() }
        let run = try await workspace.run(["drift", "--notify", receiver.url] + workspace.connection + ["exported"])
        #expect(run.exitCode == 1, "\(run)")
        #expect(run.stdoutLines.last == "Plan: 1 action, changing 1 card: 0 to add, 1 to change, 0 to remove.", "\(run)")
        #expect(run.stderrLines == ["Error: the drift notification to \(receiver.url) failed: the receiver answered HTTP 500"], "\(run)")
        #expect(receiver.requests.count == 1, "one try: the next scheduled run is the retry")
    }

    @Test("a receiver that never answers: given up after 10 s, exit 1")
    func receiverSilent() async throws {
        let workspace = try await Self.driftedWorkspace()
        let silent = try SilentListener()
        defer { silent.stop() }
        let url = "http://127.0.0.1:\(silent.port)/hook"
        let run = try await workspace.run(["drift", "--notify", url] + workspace.connection + ["exported"], timeout: 60)
        #expect(run.exitCode == 1, "\(run)")
        #expect(run.stdout.contains("~ limits.purchase: 3000.00 EUR → 1000.00 EUR"), "\(run)")
        // The transport words it by whether the connection saw any byte ("no answer", "no complete answer").
        let failure = "Error: the drift notification to \(url) failed: no"
        #expect(run.stderrLines.count == 1 && run.stderr.hasPrefix(failure) && run.stderr.contains("answer within 10.0 seconds"), "\(run)")
        #expect(run.seconds < 30, "\(run)")
        #expect(silent.connections == 1)
    }

    @Test("only http(s) URLs, and a secret set empty is refused, before bunq is read")
    func refusedArguments() async throws {
        let workspace = try await Self.driftedWorkspace()
        let ftp = try await workspace.run(["drift", "--notify", "ftp://hooks.example/x"] + workspace.connection + ["exported"])
        #expect(ftp.exitCode == 1, "\(ftp)")
        #expect(ftp.stdout.isEmpty, "\(ftp)")
        #expect(
            ftp.stderrLines.first == "Error: --notify: it must be an http:// or https:// URL with a host, found \"ftp://hooks.example/x\"",
            "\(ftp)")

        let receiver = try RecordingReceiver()
        defer { receiver.stop() }
        let empty = try await workspace.run(
            ["drift", "--notify", receiver.url] + workspace.connection + ["exported"], environment: ["CARDPOLICY_NOTIFY_SECRET": ""])
        #expect(empty.exitCode == 1, "\(empty)")
        #expect(empty.stdout.isEmpty, "\(empty)")
        #expect(
            empty.stderrLines.first
                == "Error: CARDPOLICY_NOTIFY_SECRET is set but empty; unset it to post unsigned, or give it the receiver's secret",
            "\(empty)")
        #expect(receiver.requests.isEmpty)
    }
}
