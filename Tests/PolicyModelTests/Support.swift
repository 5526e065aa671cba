import Foundation
import PolicyModel
import Testing

/// The repository root, found from this file's path so tests run from any directory.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fixed "now" so date rules (until, certificate expiry) do not change with the calendar.
let testNow = ISO8601DateFormatter().date(from: "2026-11-21T12:00:00Z")!

/// Positions marked in test YAML with 1️⃣ … 9️⃣, stripped before loading, as swift-format's
/// tests do: the expectation names the marker, so line and column are checked exactly.
struct MarkedSource {
    let text: String
    let markers: [String: (line: Int, column: Int)]

    static let symbols = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    init(_ marked: String) {
        var text = ""
        var markers: [String: (Int, Int)] = [:]
        var line = 1, column = 1
        var rest = Substring(marked)
        outer: while !rest.isEmpty {
            for symbol in Self.symbols where rest.hasPrefix(symbol) {
                markers[symbol] = (line, column)
                rest = rest.dropFirst(symbol.count)
                continue outer
            }
            let character = rest.removeFirst()
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        self.text = text
        self.markers = markers
    }
}

/// Loads marked YAML and checks that exactly the expected diagnostics come out, each at its marker.
func expectDiagnostics(
    _ marked: String, path: String = "test.yaml", now: Date = testNow,
    _ expected: [(marker: String, severity: Severity, contains: String)],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let source = MarkedSource(marked)
    let result = PolicyLoader.load(text: source.text, path: path, now: now)
    #expect(
        result.diagnostics.count == expected.count,
        "got: \(result.diagnostics.map(\.description))", sourceLocation: sourceLocation)
    for want in expected {
        guard let position = source.markers[want.marker] else {
            Issue.record("marker \(want.marker) is not in the source", sourceLocation: sourceLocation)
            continue
        }
        let match = result.diagnostics.first {
            $0.severity == want.severity && $0.message.contains(want.contains)
                && $0.location.line == position.line && $0.location.column == position.column
        }
        #expect(
            match != nil,
            "no \(want.severity) containing \"\(want.contains)\" at \(position.line):\(position.column); got: \(result.diagnostics.map(\.description))",
            sourceLocation: sourceLocation)
    }
    if expected.contains(where: { $0.severity == .error }) {
        #expect(result.policy == nil, sourceLocation: sourceLocation)
    }
}

/// Loads YAML that must be valid and returns its policy.
func loadValid(
    _ text: String, path: String = "test.yaml", now: Date = testNow,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> Policy? {
    let result = PolicyLoader.load(text: text, path: path, now: now)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))", sourceLocation: sourceLocation)
    return result.policy
}
