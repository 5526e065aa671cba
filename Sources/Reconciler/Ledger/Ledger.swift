import BunqAPI
import Foundation

/// The write-only values cardpolicy has applied (bunq never returns them), so a plan can tell
/// "in sync" from "unknown". Kept in `--state`, default `.cardpolicy/state.json`.
public struct Ledger: Hashable, Sendable, Codable {
    public static let defaultPath = ".cardpolicy/state.json"
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    /// Card id (as text, JSON keys are strings) → the expiry each country was last sent with.
    public var cards: [String: CardRecord]

    /// What was last sent for one card.
    public struct CardRecord: Hashable, Sendable, Codable {
        public var countryExpiry: [String: String]
        public var updatedAt: String

        enum CodingKeys: String, CodingKey {
            case countryExpiry = "country_expiry"
            case updatedAt = "updated_at"
        }
    }

    public init() {
        formatVersion = Self.currentFormatVersion
        cards = [:]
    }

    /// The expiries last sent for a card, or nil when cardpolicy never sent its countries.
    public func countryExpiry(cardId: Int) -> [String: String]? {
        cards[String(cardId)]?.countryExpiry
    }

    /// Records what was sent, and forgets the cards it was sent in place of: what a replaced
    /// card was last sent says nothing about its successor, which bunq issues afresh.
    public mutating func record(_ entry: LedgerEntry, at time: Date) {
        for replaced in entry.replacedCardIds { cards[String(replaced)] = nil }
        cards[String(entry.cardId)] = CardRecord(
            countryExpiry: entry.countryExpiry,
            updatedAt: ISO8601DateFormatter().string(from: time))
    }

    /// A missing file is an empty ledger; a damaged one is an error, never silently emptied,
    /// because an empty ledger makes every expiry "unknown" and re-sends it.
    public static func load(path: String) throws -> Ledger {
        guard FileManager.default.fileExists(atPath: path) else { return Ledger() }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            let ledger = try JSONDecoder().decode(Ledger.self, from: data)
            guard ledger.formatVersion == currentFormatVersion else {
                throw LedgerError("\(path): ledger format \(ledger.formatVersion) is not supported (expected \(currentFormatVersion))")
            }
            return ledger
        } catch let error as LedgerError {
            throw error
        } catch is DecodingError {
            throw LedgerError(
                "\(path): not a cardpolicy ledger (not the JSON apply writes); restore it from where it is kept, or move it away and accept that expiries sent before are unknown"
            )
        } catch {
            throw LedgerError("\(path): cannot read the ledger: \(error.localizedDescription)")
        }
    }

    /// Replaced whole (`AtomicFileWriter`), so a crash never leaves half a ledger.
    public func save(path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try AtomicFileWriter.write(try encoder.encode(self), to: path)
        } catch let failure as AtomicFileWriter.Failure {
            throw LedgerError("\(failure)")
        }
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case cards
    }
}

/// A ledger that cannot be used.
public struct LedgerError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
