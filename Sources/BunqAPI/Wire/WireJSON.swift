import Foundation

/// The JSON settings every request body and context file is written with.
enum WireJSON {
    /// Sorted keys make the bytes (and so the signature) reproducible; unescaped slashes
    /// keep PEMs and URLs as bunq shows them.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func decoder() -> JSONDecoder {
        JSONDecoder()
    }
}
