import Foundation

/// A request body as the exact text the client signs and sends. A plan stores this text and
/// apply sends it unchanged, so what was reviewed is what bunq receives; building it with the
/// client's own encoder is what keeps those the same bytes.
public enum RequestBodyText {
    /// Compact JSON with sorted keys and unescaped slashes, as every request body is sent.
    public static func of(_ body: some Encodable) throws -> String {
        String(decoding: try WireJSON.encoder().encode(body), as: UTF8.self)
    }

    /// A planned body read back as the typed body it was made from; nil when it is not one.
    public static func decode<Body: Decodable>(_ type: Body.Type, from text: String) -> Body? {
        try? WireJSON.decoder().decode(type, from: Data(text.utf8))
    }
}
