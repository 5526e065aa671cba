import Foundation

/// How `validate` prints diagnostics: for people, for programs, or as GitHub annotations.
public enum DiagnosticFormat: String, CaseIterable, Sendable {
    case text
    case json
    case github

    /// Renders diagnostics and a closing summary. `color` adds ANSI colour to text output.
    public func render(_ result: PolicyLoadResult, color: Bool = false) -> String {
        switch self {
        case .text: return Self.text(result, color: color)
        case .json: return Self.json(result)
        case .github: return Self.github(result)
        }
    }

    static func summary(_ result: PolicyLoadResult) -> String {
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.count - errors
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let files = count(result.files.count, "file")
        if errors == 0 {
            // Rules are counted only where there are some, so a policy without them reads as before.
            let cards =
                result.policy.map {
                    count($0.cards.count, "card") + ", " + count($0.cardGroups.count, "card group")
                        + ($0.rules.isEmpty ? "" : ", " + count($0.rules.count, "rule"))
                } ?? ""
            return "valid: \(files) (\(cards)), \(count(warnings, "warning"))"
        }
        return "invalid: \(count(errors, "error")), \(count(warnings, "warning")) in \(files)"
    }

    private static func text(_ result: PolicyLoadResult, color: Bool) -> String {
        var lines: [String] = []
        for diagnostic in result.diagnostics {
            let label: String
            switch (diagnostic.severity, color) {
            case (.error, true): label = "\u{1B}[1;31merror:\u{1B}[0m"
            case (.warning, true): label = "\u{1B}[1;33mwarning:\u{1B}[0m"
            default: label = diagnostic.severity.rawValue + ":"
            }
            lines.append("\(diagnostic.location): \(label) \(diagnostic.message)")
        }
        lines.append(summary(result))
        return lines.joined(separator: "\n") + "\n"
    }

    private static func json(_ result: PolicyLoadResult) -> String {
        let diagnostics: [[String: Any]] = result.diagnostics.map { diagnostic in
            [
                "severity": diagnostic.severity.rawValue,
                "file": diagnostic.location.file,
                "line": diagnostic.location.line,
                "column": diagnostic.location.column,
                "message": diagnostic.message
            ]
        }
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let object: [String: Any] = [
            "format_version": 1,
            "valid": errors == 0,
            "files": result.files,
            "diagnostics": diagnostics,
            "summary": ["errors": errors, "warnings": result.diagnostics.count - errors]
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// GitHub Actions workflow commands; properties and messages escaped as the runner expects.
    private static func github(_ result: PolicyLoadResult) -> String {
        func escapeData(_ text: String) -> String {
            text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
                .replacingOccurrences(of: "\n", with: "%0A")
        }
        func escapeProperty(_ text: String) -> String {
            escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        }
        var lines: [String] = []
        for diagnostic in result.diagnostics {
            var properties = "file=\(escapeProperty(diagnostic.location.file))"
            if diagnostic.location.line > 0 {
                properties += ",line=\(diagnostic.location.line),col=\(diagnostic.location.column)"
            }
            lines.append("::\(diagnostic.severity.rawValue) \(properties)::\(escapeData(diagnostic.message))")
        }
        lines.append(summary(result))
        return lines.joined(separator: "\n") + "\n"
    }
}
