import Foundation

/// The outcome of loading policy files: a policy when there is no error, and every diagnostic.
public struct PolicyLoadResult: Sendable {
    public var policy: Policy?
    public var diagnostics: [Diagnostic]
    public var files: [String]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Finds, reads, checks and merges policy files.
public enum PolicyLoader {
    /// The default policy path when none is given.
    public static let defaultPath = "policies"

    /// Loads files and directories (recursively, `*.yaml`/`*.yml`, sorted by path) into one policy.
    public static func load(paths: [String], now: Date = Date()) -> PolicyLoadResult {
        var log = DiagnosticLog()
        let files = policyFiles(at: paths.isEmpty ? [defaultPath] : paths, log: &log)
        var sources: [(path: String, data: Data)] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                log.error(SourceLocation(file: file, line: 0, column: 0), "cannot read file")
                continue
            }
            sources.append((file, data))
        }
        return load(sources: sources, now: now, log: log)
    }

    /// Loads policy text that is not on disk (tests, fuzzing); `path` names it in diagnostics
    /// and relative certificate files resolve against its directory.
    public static func load(text: String, path: String, now: Date = Date()) -> PolicyLoadResult {
        load(data: Data(text.utf8), path: path, now: now)
    }

    /// Loads raw bytes that may not even be UTF-8 (the fuzz tests feed such).
    public static func load(data: Data, path: String, now: Date = Date()) -> PolicyLoadResult {
        load(sources: [(path, data)], now: now, log: DiagnosticLog())
    }

    static func load(sources: [(path: String, data: Data)], now: Date, log initial: DiagnosticLog) -> PolicyLoadResult {
        var log = initial
        var fragments: [PolicyFragment] = []
        for source in sources {
            guard let yaml = YAMLSource.parse(path: source.path, data: source.data, log: &log) else { continue }
            let directory = (source.path as NSString).deletingLastPathComponent
            let (fragment, fileLog) = PolicyFileParser.parse(yaml, baseDirectory: directory.isEmpty ? "." : directory, now: now)
            log.append(contentsOf: fileLog)
            fragments.append(fragment)
        }
        let policy = PolicyMerge.merge(fragments, log: &log)
        PolicyRuleCheck.check(policy, now: now, log: &log)
        let files = sources.map(\.path)
        return PolicyLoadResult(policy: log.hasErrors ? nil : policy, diagnostics: log.sorted, files: files)
    }

    /// Expands directories to their policy files; a missing path is an error.
    static func policyFiles(at paths: [String], log: inout DiagnosticLog) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                log.error(SourceLocation(file: path, line: 0, column: 0), "no such file or directory")
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            var found: [String] = []
            if let walker = manager.enumerator(atPath: path) {
                while let relative = walker.nextObject() as? String {
                    let name = (relative as NSString).lastPathComponent
                    // Hidden folders (.git, .cardpolicy) hold no policies.
                    if name.hasPrefix(".") {
                        walker.skipDescendants()
                        continue
                    }
                    if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                        let full = (path as NSString).appendingPathComponent(relative)
                        var entryIsDirectory: ObjCBool = false
                        if manager.fileExists(atPath: full, isDirectory: &entryIsDirectory), !entryIsDirectory.boolValue {
                            found.append(full)
                        }
                    }
                }
            }
            if found.isEmpty {
                log.error(SourceLocation(file: path, line: 0, column: 0), "no policy files (*.yaml, *.yml) in this directory")
            }
            files += found.sorted()
        }
        var seen = Set<String>()
        return files.filter { seen.insert(($0 as NSString).standardizingPath).inserted }
    }
}
