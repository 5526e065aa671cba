import Foundation

/// Quoting for values written into YAML by hand.
enum PlainText {
    static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.properties.generalCategory == .control {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Country codes are plain, except where YAML would read them as something else (`NO`).
    static func quotedIfNeeded(_ code: String) -> String {
        code == "NO" || code == "ON" || code == "Y" || code == "N" ? "\"\(code)\"" : code
    }
}
