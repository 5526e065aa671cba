import Foundation
import Testing

@testable import BunqEmulator

@Suite("request body log")
struct RequestBodyLogTests {
    private func request(_ method: String, _ path: String, body: String) -> IncomingRequest {
        IncomingRequest(
            method: method, path: path, query: nil, authentication: nil, signature: nil, requestId: nil,
            userAgent: "tests", body: Array(body.utf8))
    }

    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("body-log-\(UUID().uuidString).jsonl").path
    }

    @Test func everyRequestIsOneJSONLineWithItsTemplateStatusAndBody() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try #require(RequestBodyLog.fromEnvironment([RequestBodyLog.variable: path]))
        log.append(
            request("PUT", "/v1/user/1/card/2", body: #"{"card_limit":{"value":"1.00","currency":"EUR"}}"#),
            template: "/user/{id}/card/{id}", status: 200, body: Array(#"{"card_limit":{"value":"1.00","currency":"EUR"}}"#.utf8))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(entry["method"] as? String == "PUT" && entry["template"] as? String == "/user/{id}/card/{id}")
        #expect(entry["status"] as? Int == 200 && entry["user_agent"] as? String == "tests")
        #expect(entry["body"] as? String == #"{"card_limit":{"value":"1.00","currency":"EUR"}}"#)
    }

    @Test func theAPIKeyNeverReachesTheLog() throws {
        let body = EmulatorEngine.recordedBody(
            request("POST", "/v1/session-server", body: #"{"secret":"live-api-key"}"#),
            template: "/session-server")
        #expect(String(decoding: body, as: UTF8.self) == #"{"secret":"[redacted]"}"#)
    }

    @Test func linesFromManyWritersAtOnceNeverInterleave() async throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Separate descriptors, as separate processes would have.
        let logs = (0..<4).compactMap { _ in RequestBodyLog(path: path) }
        #expect(logs.count == 4)
        let big = String(repeating: "x", count: 20_000)
        await withTaskGroup(of: Void.self) { group in
            for log in logs {
                group.addTask {
                    for _ in 0..<50 {
                        log.append(self.request("POST", "/v1/x", body: big), template: "/x", status: 200, body: Array(big.utf8))
                    }
                }
            }
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 200)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
    }

    @Test func noVariableNoLog() {
        #expect(RequestBodyLog.fromEnvironment([:]) == nil)
        #expect(RequestBodyLog.fromEnvironment([RequestBodyLog.variable: ""]) == nil)
    }
}
