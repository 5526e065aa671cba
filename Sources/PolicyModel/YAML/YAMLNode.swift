/// A node of a policy file as the reader sees it: scalars with their quoting, mappings in
/// file order, lists, each with its position; aliases are already resolved.
///
/// Yams' `Node` carries a tag object and an anchor per node, most of a large policy's
/// memory (docs/benchmarks.md). These carry only what the reader looks at.
enum YAMLNode: Sendable {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(List)

    /// Where a node starts: 1-based line and column (in Unicode scalars, as libyaml counts).
    struct Mark: Sendable, Equatable {
        private let packedLine: Int32
        private let packedColumn: Int32

        init(line: Int, column: Int) {
            packedLine = Int32(clamping: line)
            packedColumn = Int32(clamping: column)
        }

        var line: Int { Int(packedLine) }
        var column: Int { Int(packedColumn) }
    }

    /// How a scalar was written: only a plain one is typed by YAML 1.1 rules (a quoted `NO`
    /// is a string, a bare one a boolean).
    enum Style: Sendable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    struct Scalar: Sendable {
        let string: String
        let style: Style
        let mark: Mark
    }

    struct Mapping: Sendable, Swift.Sequence {
        let pairs: [(key: YAMLNode, value: YAMLNode)]
        let mark: Mark

        var count: Int { pairs.count }
        func makeIterator() -> IndexingIterator<[(key: YAMLNode, value: YAMLNode)]> { pairs.makeIterator() }
    }

    struct List: Sendable, RandomAccessCollection {
        let items: [YAMLNode]
        let mark: Mark

        var startIndex: Int { items.startIndex }
        var endIndex: Int { items.endIndex }
        subscript(position: Int) -> YAMLNode { items[position] }
    }

    var mark: Mark {
        switch self {
        case .scalar(let scalar): return scalar.mark
        case .mapping(let mapping): return mapping.mark
        case .sequence(let list): return list.mark
        }
    }
}
