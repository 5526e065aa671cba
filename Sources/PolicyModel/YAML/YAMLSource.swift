import Foundation

/// One policy file's text composed to a single YAML node, with every YAML-level problem
/// (syntax, tabs, several documents, empty file, alias bombs) turned into a located diagnostic.
struct YAMLSource {
    let path: String
    let root: YAMLNode

    /// Upper bound on nodes visited once aliases are expanded. A real policy expands to a
    /// few nodes per line; a "billion laughs" document expands to millions from 500 bytes.
    static func expansionBudget(forByteCount count: Int) -> Int { 100_000 + 10 * count }

    static func parse(path: String, data: Data, log: inout DiagnosticLog) -> YAMLSource? {
        let start = SourceLocation(file: path, line: 1, column: 1)
        guard let text = String(data: data, encoding: .utf8) else {
            log.error(invalidUTF8Location(path: path, data: data), "file is not valid UTF-8 text")
            return nil
        }
        if contains(0, in: data) {
            log.error(location(of: "\u{0}", in: text, path: path) ?? start, "file contains a NUL byte; policy files are text")
            return nil
        }
        let budget = expansionBudget(forByteCount: data.count)
        do {
            return YAMLSource(path: path, root: try YAMLComposer.compose(data, budget: budget))
        } catch let failure as YAMLComposer.Failure {
            report(failure, budget: budget, path: path, data: data, text: text, log: &log)
        } catch {
            log.error(start, "cannot read YAML: \(error)")
        }
        return nil
    }

    /// memchr over the bytes: Data's own iterator costs a call per byte.
    private static func contains(_ byte: UInt8, in data: Data) -> Bool {
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, Int32(byte), buffer.count) != nil
        }
    }

    static func location(_ node: YAMLNode, _ path: String) -> SourceLocation {
        SourceLocation(file: path, line: node.mark.line, column: node.mark.column)
    }

    private static func report(
        _ failure: YAMLComposer.Failure, budget: Int, path: String, data: Data, text: String,
        log: inout DiagnosticLog
    ) {
        func at(_ mark: YAMLNode.Mark) -> SourceLocation { SourceLocation(file: path, line: mark.line, column: mark.column) }
        let start = SourceLocation(file: path, line: 1, column: 1)
        switch failure {
        case let .syntax(problem, mark, context):
            if character(at: mark, in: text) == "\t" {
                log.error(at(mark), "tab character: YAML indentation must use spaces")
            } else if let context, context.at.line != mark.line {
                // libyaml says "while parsing a flow mapping"; the line is what a reader needs.
                log.error(at(mark), "YAML syntax: \(problem) (\(context.description) that starts at line \(context.at.line), column \(context.at.column))")
            } else {
                log.error(at(mark), "YAML syntax: \(problem)")
            }
        case let .unreadable(problem, offset):
            log.error(byteLocation(offset, in: data, path: path) ?? start, "cannot read file: \(problem)")
        case .empty where !path.hasSuffix(".yaml") && !path.hasSuffix(".yml"):
            // A named file is read as YAML whatever its name, and Markdown's `# Title` is a
            // YAML comment: "empty" sent people looking at text that is plainly there.
            log.error(
                start,
                "not a policy file: as YAML it holds nothing, or only comments; policies are YAML files (*.yaml, *.yml) that start with `version: 1`"
            )
        case .empty:
            log.error(start, "file is empty; a policy file starts with `version: 1`")
        case .secondDocument(let mark):
            log.error(at(mark), "a second YAML document (`---`); put one policy document in each file")
        case let .undefinedAlias(name, mark):
            log.error(at(mark), "YAML: found undefined alias `*\(name)`")
        case let .duplicateKey(key, first, second):
            log.error(at(second), "duplicate key `\(key)` (first defined at \(first.line):\(first.column))")
        case .aliasAsKey(let mark):
            log.error(at(mark), "a key in a policy file must be a plain name, not an alias or a collection")
        case .tooDeep(let mark):
            log.error(at(mark), "YAML nested deeper than \(YAMLComposer.maximumDepth) levels; a policy nests a few")
        case .overBudget:
            log.error(start, "aliases expand this file beyond \(budget) YAML nodes; anchors and aliases may share settings, not multiply them")
        case .parserFailure:
            log.error(start, "cannot read YAML: libyaml stopped without saying why")
        }
    }

    private static func character(at mark: YAMLNode.Mark, in text: String) -> Character? {
        var line = 1
        for row in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == mark.line {
                let scalars = Array(row.unicodeScalars)
                return mark.column - 1 < scalars.count ? Character(scalars[mark.column - 1]) : nil
            }
            line += 1
        }
        return nil
    }

    // MARK: - Byte positions

    private static func invalidUTF8Location(path: String, data: Data) -> SourceLocation {
        var offset = 0
        let bytes = [UInt8](data)
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var consumed = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
                offset = consumed
            case .emptyInput:
                break loop
            case .error:
                break loop
            }
        }
        return byteLocation(offset, in: data, path: path) ?? SourceLocation(file: path, line: 1, column: 1)
    }

    private static func byteLocation(_ offset: Int, in data: Data, path: String) -> SourceLocation? {
        guard offset >= 0, offset <= data.count else { return nil }
        var line = 1
        var lineStart = 0
        for (index, byte) in data.prefix(offset).enumerated() where byte == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        let column = (String(decoding: data[data.startIndex + lineStart..<data.startIndex + offset], as: UTF8.self).unicodeScalars.count) + 1
        return SourceLocation(file: path, line: line, column: column)
    }

    private static func location(of needle: String, in text: String, path: String) -> SourceLocation? {
        guard let range = text.range(of: needle) else { return nil }
        let prefix = text[..<range.lowerBound]
        let line = prefix.filter { $0 == "\n" }.count + 1
        let column = (prefix.split(separator: "\n", omittingEmptySubsequences: false).last?.unicodeScalars.count ?? 0) + 1
        return SourceLocation(file: path, line: line, column: column)
    }
}
