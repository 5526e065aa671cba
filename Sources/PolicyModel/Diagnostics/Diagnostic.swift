/// How bad a diagnostic is: errors make a policy unusable, warnings do not.
public enum Severity: String, Codable, Sendable, Comparable {
    case error
    case warning

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .error && rhs == .warning
    }
}

/// One problem found in a policy file, at the key or value that caused it.
public struct Diagnostic: Hashable, Codable, Sendable, CustomStringConvertible {
    public var severity: Severity
    public var location: SourceLocation
    public var message: String

    public init(_ severity: Severity, _ location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    /// `file:line:col: error: message`, the compiler-style line.
    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// Collects diagnostics while a policy loads; order is the order of discovery.
public struct DiagnosticLog: Sendable {
    public private(set) var all: [Diagnostic] = []
    public private(set) var errorCount = 0

    public init() {}

    public var hasErrors: Bool { errorCount > 0 }

    public mutating func error(_ location: SourceLocation, _ message: String) {
        errorCount += 1
        all.append(Diagnostic(.error, location, message))
    }

    public mutating func warning(_ location: SourceLocation, _ message: String) {
        all.append(Diagnostic(.warning, location, message))
    }

    public mutating func append(contentsOf other: DiagnosticLog) {
        errorCount += other.errorCount
        all.append(contentsOf: other.all)
    }

    /// Sorted by file, line and column so output is stable across runs.
    public var sorted: [Diagnostic] {
        all.enumerated().sorted { a, b in
            if a.element.location != b.element.location { return a.element.location < b.element.location }
            return a.offset < b.offset
        }.map(\.element)
    }
}
