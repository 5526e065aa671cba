import CYaml
import Foundation

/// Composes one policy file into `YAMLNode`s from the events of libyaml, the parser Yams is
/// built on (its `CYaml` module): libyaml does the YAML, this only assembles the tree.
///
/// Yams' composer is not used because of what it costs and what it cannot refuse: it gives
/// every node a tag object (docs/benchmarks.md has what that cost), and it hashes mapping keys,
/// so an alias bomb used as a key hangs it before any check can run. Here an alias as a key
/// is refused when it is met, aliases are shared rather than copied, and every node knows
/// its expanded size, so a bomb stops at the budget without ever being expanded.
final class YAMLComposer {
    /// Why a file has no tree; each case carries where it happened.
    enum Failure: Error {
        /// libyaml's scanner or parser refused the text. `context` is what it was reading and
        /// where that began: for an unclosed `{` or `"` the problem is found lines later, at
        /// the end of the file, and only the context's line points at the real mistake.
        case syntax(problem: String, at: YAMLNode.Mark, context: (description: String, at: YAMLNode.Mark)?)
        /// libyaml's reader refused the bytes (a control character, say).
        case unreadable(problem: String, byteOffset: Int)
        case empty
        case secondDocument(at: YAMLNode.Mark)
        case undefinedAlias(String, at: YAMLNode.Mark)
        case duplicateKey(String, first: YAMLNode.Mark, second: YAMLNode.Mark)
        case aliasAsKey(at: YAMLNode.Mark)
        case tooDeep(at: YAMLNode.Mark)
        case overBudget
        case parserFailure
    }

    /// Far deeper than any policy (they nest six levels), far shallower than the stack allows.
    static let maximumDepth = 200

    private var parser = yaml_parser_t()
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private let budget: Int

    private init(budget: Int) {
        self.budget = budget
        yaml_parser_initialize(&parser)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
    }

    deinit { yaml_parser_delete(&parser) }

    /// The single document of `data`. `budget` bounds the node count with every alias expanded.
    static func compose(_ data: Data, budget: Int) throws -> YAMLNode {
        guard !data.isEmpty else { throw Failure.empty }
        return try data.withUnsafeBytes { bytes in
            let composer = YAMLComposer(budget: budget)
            yaml_parser_set_input_string(&composer.parser, bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count)
            return try composer.document()
        }
    }

    private func document() throws -> YAMLNode {
        guard case .streamStart = try nextEvent() else { throw Failure.parserFailure }
        let first = try nextEvent()
        if case .streamEnd = first { throw Failure.empty }
        guard case .documentStart = first else { throw Failure.parserFailure }
        let (root, _) = try node(from: try nextEvent(), depth: 0)
        guard case .documentEnd = try nextEvent() else { throw Failure.parserFailure }
        if case .documentStart(let mark) = try nextEvent() { throw Failure.secondDocument(at: mark) }
        return root
    }

    /// A node and its size with aliases expanded (saturating just past the budget).
    private func node(from event: Event, depth: Int) throws -> (YAMLNode, Int) {
        switch event {
        case let .alias(anchor, mark):
            guard let found = anchors[anchor] else { throw Failure.undefinedAlias(anchor, at: mark) }
            return found
        case let .scalar(string, style, anchor, mark):
            return register(anchor, .scalar(YAMLNode.Scalar(string: string, style: style, mark: mark)), size: 1)
        case let .sequenceStart(anchor, mark):
            guard depth < Self.maximumDepth else { throw Failure.tooDeep(at: mark) }
            var items: [YAMLNode] = []
            var size = 1
            while true {
                let next = try nextEvent()
                if case .sequenceEnd = next { break }
                let (item, itemSize) = try node(from: next, depth: depth + 1)
                items.append(item)
                size = try grow(size, by: itemSize)
            }
            return register(anchor, .sequence(YAMLNode.List(items: items, mark: mark)), size: size)
        case let .mappingStart(anchor, mark):
            guard depth < Self.maximumDepth else { throw Failure.tooDeep(at: mark) }
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            var size = 1
            while true {
                let next = try nextEvent()
                if case .mappingEnd = next { break }
                if case .alias(_, let mark) = next { throw Failure.aliasAsKey(at: mark) }
                let (key, keySize) = try node(from: next, depth: depth + 1)
                if case .scalar(let scalar) = key, let first = firstMark(of: scalar.string, in: pairs) {
                    throw Failure.duplicateKey(scalar.string, first: first, second: scalar.mark)
                }
                let (value, valueSize) = try node(from: try nextEvent(), depth: depth + 1)
                pairs.append((key, value))
                size = try grow(grow(size, by: keySize), by: valueSize)
            }
            return register(anchor, .mapping(YAMLNode.Mapping(pairs: pairs, mark: mark)), size: size)
        default:
            throw Failure.parserFailure
        }
    }

    private func firstMark(of key: String, in pairs: [(key: YAMLNode, value: YAMLNode)]) -> YAMLNode.Mark? {
        for pair in pairs {
            if case .scalar(let scalar) = pair.key, scalar.string == key { return scalar.mark }
        }
        return nil
    }

    private func grow(_ size: Int, by added: Int) throws -> Int {
        let total = size + added
        guard total <= budget else { throw Failure.overBudget }
        return total
    }

    private func register(_ anchor: String?, _ node: YAMLNode, size: Int) -> (YAMLNode, Int) {
        if let anchor { anchors[anchor] = (node, size) }
        return (node, size)
    }

    // MARK: - Events

    /// One libyaml event, copied out so the C event can be freed at once.
    private enum Event {
        case streamStart, streamEnd, documentStart(YAMLNode.Mark), documentEnd
        case alias(String, YAMLNode.Mark)
        case scalar(String, YAMLNode.Style, anchor: String?, YAMLNode.Mark)
        case sequenceStart(anchor: String?, YAMLNode.Mark), sequenceEnd
        case mappingStart(anchor: String?, YAMLNode.Mark), mappingEnd
        case none
    }

    private func nextEvent() throws -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { throw failure() }
        defer { yaml_event_delete(&event) }
        let mark = YAMLNode.Mark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
        switch event.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart(mark)
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT: return .alias(Self.text(event.data.alias.anchor) ?? "", mark)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            return .scalar(value, Self.style(scalar.style), anchor: Self.text(scalar.anchor), mark)
        case YAML_SEQUENCE_START_EVENT: return .sequenceStart(anchor: Self.text(event.data.sequence_start.anchor), mark)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT: return .mappingStart(anchor: Self.text(event.data.mapping_start.anchor), mark)
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        default: return .none
        }
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLNode.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    private func failure() -> Failure {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_READER_ERROR:
            return .unreadable(problem: problem, byteOffset: parser.problem_offset)
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            let context = parser.context.map { text in
                (
                    description: String(cString: text),
                    at: YAMLNode.Mark(line: parser.context_mark.line + 1, column: parser.context_mark.column + 1)
                )
            }
            return .syntax(
                problem: problem, at: YAMLNode.Mark(line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1),
                context: context)
        default:
            return .parserFailure
        }
    }
}
