import Foundation

/// Reads typed values out of YAML nodes of one file, reporting each mismatch at its node.
/// Decoding with Codable would ignore unknown keys and lose positions, so the
/// policy is read from the node tree by hand, with the expected shape spelled out.
final class NodeReader {
    let path: String
    let now: Date
    var log = DiagnosticLog()

    init(path: String, now: Date) {
        self.path = path
        self.now = now
    }

    func location(_ node: YAMLNode) -> SourceLocation { YAMLSource.location(node, path) }

    func error(_ node: YAMLNode, _ message: String) { log.error(location(node), message) }
    func warning(_ node: YAMLNode, _ message: String) { log.warning(location(node), message) }

    /// A short phrase for what a node is, as a user would say it.
    func describe(_ node: YAMLNode) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            switch kind(of: scalar) {
            case .string: return "the string \"\(Self.clip(scalar.string))\""
            case .integer, .float: return "the number \(Self.clip(scalar.string))"
            case .bool: return "the boolean \(scalar.string)"
            case .null: return "nothing (null)"
            case .timestamp: return "the date \(scalar.string)"
            }
        }
    }

    /// The YAML 1.1 type a plain scalar resolves to; quoted scalars are always strings.
    func kind(of scalar: YAMLNode.Scalar) -> PlainScalarType {
        scalar.style == .plain ? PlainScalarType.of(scalar.string) : .string
    }

    static func clip(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(37)) + "..." : text
    }

    // MARK: - Shapes

    func mapping(_ node: YAMLNode, _ what: String) -> YAMLNode.Mapping? {
        if case .mapping(let mapping) = node { return mapping }
        error(node, "\(what) must be a mapping, found \(describe(node))")
        return nil
    }

    func sequence(_ node: YAMLNode, _ what: String) -> YAMLNode.List? {
        if case .sequence(let sequence) = node { return sequence }
        error(node, "\(what) must be a list, found \(describe(node))")
        return nil
    }

    /// A mapping's entries whose keys are all known; unknown keys get a "did you mean".
    func entries(_ mapping: YAMLNode.Mapping, allowed: [String], in context: String) -> [(key: String, keyNode: YAMLNode, value: YAMLNode)] {
        var result: [(key: String, keyNode: YAMLNode, value: YAMLNode)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode, kind(of: scalar) != .null else {
                error(keyNode, "keys in \(context) must be plain names, found \(describe(keyNode))")
                continue
            }
            let key = scalar.string
            guard allowed.contains(key) else {
                var message = "unknown key `\(Self.clip(key))` in \(context)"
                if key == "<<" {
                    message += "; merge keys are not supported (use card_groups to share settings)"
                } else if let hint = NearestName.suggestion(for: key, among: allowed) {
                    message += "; did you mean `\(hint)`?"
                } else {
                    message += " (expected one of: \(allowed.joined(separator: ", ")))"
                }
                error(keyNode, message)
                continue
            }
            result.append((key, keyNode, value))
        }
        return result
    }

    // MARK: - Scalars

    func string(_ node: YAMLNode, _ what: String) -> String? {
        guard case .scalar(let scalar) = node else {
            error(node, "\(what) must be a string, found \(describe(node))")
            return nil
        }
        switch kind(of: scalar) {
        case .string:
            return scalar.string
        default:
            error(node, "\(what) must be a string, found \(describe(node)); quote it: \"\(Self.clip(scalar.string))\"")
            return nil
        }
    }

    func nonEmptyString(_ node: YAMLNode, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        if text.trimmingCharacters(in: .whitespaces).isEmpty {
            error(node, "\(what) must not be empty")
            return nil
        }
        return text
    }

    func integer(_ node: YAMLNode, _ what: String) -> Int? {
        guard case .scalar(let scalar) = node, kind(of: scalar) == .integer,
            scalar.string.allSatisfy(\.isNumber) || scalar.string.hasPrefix("-"),
            let value = Int(scalar.string)
        else {
            error(node, "\(what) must be a whole number, found \(describe(node))")
            return nil
        }
        return value
    }

    /// A positive integer such as a bunq id; bunq ids are never 0 or negative.
    func identifier(_ node: YAMLNode, _ what: String) -> Int? {
        guard let value = integer(node, what) else { return nil }
        guard value > 0 else {
            error(node, "\(what) must be a positive id, found \(value)")
            return nil
        }
        return value
    }

    /// One of a fixed set of words (a status, a type), with a hint when close to one.
    func word(_ node: YAMLNode, _ what: String, oneOf allowed: [String]) -> String? {
        guard let text = string(node, what) else { return nil }
        guard allowed.contains(text) else {
            var message = "\(what) must be one of \(allowed.joined(separator: ", ")), found \"\(Self.clip(text))\""
            if let hint = NearestName.suggestion(for: text, among: allowed) { message += "; did you mean \(hint)?" }
            error(node, message)
            return nil
        }
        return text
    }
}
