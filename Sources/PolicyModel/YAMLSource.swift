import Foundation
import Yams

/// One policy file's text parsed to a single YAML node, with every YAML-level problem
/// (syntax, tabs, several documents, empty file, alias bombs) turned into a located diagnostic.
struct YAMLSource {
    let path: String
    let root: Node

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
        // Aliases used as (or inside) mapping keys make Yams hash the expanded key while it
        // composes, before any budget of ours can run. `*` has no other meaning in YAML, so a
        // copy with every `*` replaced composes with no alias at all, linearly, and shows
        // where such keys are.
        // Without an anchor no alias can resolve, so nothing can expand: skip both checks.
        let hasAnchor = contains(UInt8(ascii: "&"), in: data)
        if hasAnchor, contains(UInt8(ascii: "*"), in: data) {
            let defused = text.replacingOccurrences(of: "*", with: aliasPlaceholder)
            if let shadow = compose(path: path, text: defused, log: &log) {
                if let key = firstAliasOrComplexKey(in: shadow) {
                    log.error(location(key, path), "a key in a policy file must be a plain name, not an alias or a collection")
                    return nil
                }
            } else {
                return nil
            }
        }
        guard let root = compose(path: path, text: text, log: &log) else { return nil }
        let budget = expansionBudget(forByteCount: data.count)
        if hasAnchor, exceedsBudget(root, budget: budget) {
            log.error(start, "aliases expand this file beyond \(budget) YAML nodes; anchors and aliases may share settings, not multiply them")
            return nil
        }
        return YAMLSource(path: path, root: root)
    }

    /// memchr over the bytes: Data's own iterator costs a call per byte.
    private static func contains(_ byte: UInt8, in data: Data) -> Bool {
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, Int32(byte), buffer.count) != nil
        }
    }

    static func location(_ node: Node, _ path: String) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    // MARK: - Composing

    private static let aliasPlaceholder = "\u{2217}"

    private static func compose(path: String, text: String, log: inout DiagnosticLog) -> Node? {
        do {
            // `.basic`: no implicit typing by regular expressions; see PlainScalarType.
            let parser = try Parser(yaml: text, resolver: .basic)
            guard let root = try parser.singleRoot() else {
                log.error(SourceLocation(file: path, line: 1, column: 1), "file is empty; a policy file starts with `version: 1`")
                return nil
            }
            return root
        } catch let error as YamlError {
            report(error, path: path, text: text, log: &log)
            return nil
        } catch {
            log.error(SourceLocation(file: path, line: 1, column: 1), "cannot read YAML: \(error)")
            return nil
        }
    }

    /// Yams' messages embed the whole file; keep the problem and the place only.
    private static func report(_ error: YamlError, path: String, text: String, log: inout DiagnosticLog) {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: path, line: mark.line, column: mark.column) }
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _):
            if character(at: mark, in: text) == "\t" {
                log.error(at(mark), "tab character: YAML indentation must use spaces")
            } else {
                log.error(at(mark), "YAML syntax: \(problem)")
            }
        case let .composer(context, problem, mark, _):
            if context?.text == "expected a single document in the stream" {
                log.error(at(mark), "a second YAML document (`---`); put one policy document in each file")
            } else {
                log.error(at(mark), "YAML: \(problem)")
            }
        case let .duplicatedKeysInMapping(duplicates, context):
            let first = context.mark
            let key = duplicates.first ?? "?"
            let second = secondOccurrence(ofKey: key, after: first, in: text)
                .map { SourceLocation(file: path, line: $0, column: first.column) }
            let firstText = "\(first.line):\(first.column)"
            log.error(second ?? at(first), "duplicate key `\(key)` (first defined at \(firstText))")
        case let .reader(problem, offset, _, _):
            let location = offset.flatMap { byteLocation($0, in: Data(text.utf8), path: path) }
            log.error(location ?? SourceLocation(file: path, line: 1, column: 1), "cannot read file: \(problem)")
        default:
            log.error(SourceLocation(file: path, line: 1, column: 1), "cannot read YAML: \(error)")
        }
    }

    /// Yams points at the first of two duplicate keys; the mistake is usually the second.
    /// The line of the next occurrence of `key` at the same indentation, if it is easy to see.
    private static func secondOccurrence(ofKey key: String, after mark: Mark, in text: String) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let indent = mark.column - 1
        for index in mark.line..<lines.count {
            let line = lines[index]
            let leading = line.prefix { $0 == " " }.count
            guard leading == indent else {
                if leading < indent, !line.allSatisfy({ $0 == " " }), !line.hasPrefix("#") { break }
                continue
            }
            let rest = line.dropFirst(leading)
            if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                return index + 1
            }
        }
        return nil
    }

    private static func character(at mark: Mark, in text: String) -> Character? {
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

    // MARK: - Alias safety

    private static func firstAliasOrComplexKey(in root: Node) -> Node? {
        var stack = [root]
        while let node = stack.popLast() {
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    if case .scalar(let scalar) = key {
                        if scalar.string.hasPrefix(aliasPlaceholder), scalar.style == .plain { return key }
                    } else {
                        return key
                    }
                    stack.append(value)
                }
            case .sequence(let sequence):
                stack.append(contentsOf: sequence)
            case .scalar, .alias:
                break
            }
        }
        return nil
    }

    /// Walks the tree as a consumer would, expanded, and stops at the budget.
    private static func exceedsBudget(_ root: Node, budget: Int) -> Bool {
        var visited = 0
        var stack = [root]
        while let node = stack.popLast() {
            visited += 1
            if visited > budget { return true }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    stack.append(key)
                    stack.append(value)
                }
            case .sequence(let sequence):
                stack.append(contentsOf: sequence)
            case .scalar, .alias:
                break
            }
        }
        return false
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
