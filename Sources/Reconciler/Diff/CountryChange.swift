import BunqAPI
import Foundation
import PolicyModel

/// A card's `countries` against bunq's: bunq takes the whole list in a PUT and never sends
/// the expiries back, so the ones sent are kept in the ledger and compared from there.
enum CountryChange {
    /// The whole desired list, compared as a set with bunq's, and expiries against the ledger.
    static func compare(_ desired: [CountryPermission], live: LiveCard, ledger: Ledger, now: Date)
        -> (change: FieldChange?, permissions: [CardCountryPermission], expiry: [String: String])
    {
        let active = desired.filter { $0.isActive(at: now) }
        var expiry: [String: String] = [:]
        for permission in active { if let until = permission.expiry { expiry[permission.country] = until.bunqExpiryTime } }
        // Whole seconds, as the ledger keeps the expiry.
        let permissions = active.map { permission in
            CardCountryPermission(
                country: permission.country,
                expiryTime: permission.expiry.map { BunqTimestamp(secondsSince1970: Int64($0.date.timeIntervalSince1970.rounded(.down))) })
        }
        let known = ledger.countryExpiry(cardId: live.id)
        // A permission sent with an expiry that has since passed has ended in bunq, whether
        // bunq still lists the country or not: the policy's `until` said so, and it is not drift.
        let ended = Set((known ?? [:]).filter { BunqTimestamp(bunqString: $0.value).map { $0.date <= now } ?? false }.keys)
        let liveCountries = live.countries.filter { !ended.contains($0) }
        let setDiffers = Set(active.map(\.country)) != Set(liveCountries)
        let expiryDiffers: Bool
        var note: String?
        if let known {
            expiryDiffers = known.filter { active.map(\.country).contains($0.key) } != expiry
        } else {
            expiryDiffers = !expiry.isEmpty
            if expiryDiffers { note = "expiry unknown: bunq does not return it and the ledger has no entry; sent once" }
        }
        guard setDiffers || expiryDiffers else { return (nil, permissions, expiry) }
        let before = liveCountries.map { country -> String in
            guard let known else { return country }
            return known[country].map { "\(country) until \(Self.day($0))" } ?? country
        }.joined(separator: ", ")
        let after = active.map { permission in
            permission.expiry.map { "\(permission.country) until \($0)" } ?? permission.country
        }.joined(separator: ", ")
        // The same lists as data; a before expiry the ledger does not know is left out.
        let beforeValue = liveCountries.map { country in
            PlanValue.country(country, until: known?[country].flatMap { BunqTimestamp(bunqString: $0)?.date })
        }
        let afterValue = active.map { PlanValue.country($0.country, until: $0.expiry?.date) }
        return (
            FieldChange(
                field: "countries", before: before.isEmpty ? "(none)" : before, after: after.isEmpty ? "(none)" : after, note: note,
                beforeValue: .array(beforeValue), afterValue: .array(afterValue)),
            permissions, expiry
        )
    }

    static func day(_ bunqTime: String) -> String {
        bunqTime.hasSuffix("23:59:59.000000") ? String(bunqTime.prefix(10)) : String(bunqTime.prefix(19)) + " UTC"
    }

    /// A ledger expiry as a policy `until`: a date when it is the end of a day, else a UTC timestamp.
    static func untilText(_ bunqTime: String) -> String {
        bunqTime.hasSuffix("23:59:59.000000") ? String(bunqTime.prefix(10)) : String(bunqTime.prefix(19)).replacingOccurrences(of: " ", with: "T") + "Z"
    }
}
