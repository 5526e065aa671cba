import Foundation

/// The plan as JSON: the saved-plan format of `plan --out` and `apply --plan`, and the
/// output of `plan --format json` and `drift --format json` (docs/plan-json.md).
public enum PlanJSON {
    struct Document: Encodable {
        let plan: Plan
        let summary: PlanSummary

        func encode(to encoder: Encoder) throws {
            try plan.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(summary, forKey: Key(stringValue: "summary"))
        }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }

    public static func render(_ plan: Plan) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[.planDerivedKeys] = true
        let data = try! encoder.encode(Document(plan: plan, summary: plan.summary))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The same document on one line, for logs that hold one plan a line.
    public static func line(_ plan: Plan) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[.planDerivedKeys] = true
        let data = try! encoder.encode(Document(plan: plan, summary: plan.summary))
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads a saved plan; a plan of another format version is refused.
    public static func decode(_ data: Data) throws -> Plan {
        struct Header: Decodable { let format_version: Int }
        let header = try JSONDecoder().decode(Header.self, from: data)
        if header.format_version < Plan.currentFormatVersion {
            // An older format lacks what this version checks before writing (each action's
            // target), so it is not guessed from the old file: a new plan is cheap and safe.
            throw PlanFileError(
                "it is in plan format \(header.format_version), which an older cardpolicy wrote; this cardpolicy reads format \(Plan.currentFormatVersion): plan again with `cardpolicy plan --out`"
            )
        }
        guard header.format_version == Plan.currentFormatVersion else {
            throw PlanFileError("plan format \(header.format_version) is not supported (this cardpolicy reads \(Plan.currentFormatVersion))")
        }
        return try JSONDecoder().decode(Plan.self, from: data)
    }
}

/// A saved plan that cannot be used.
public struct PlanFileError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
