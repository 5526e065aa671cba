import Foundation

extension Expiry {
    /// English, whatever the machine's locale: the rest of every message is.
    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December"
    ]

    /// For a `YYYY-MM-DD…` whose month or day does not exist: which, and the month's
    /// length. nil when the text is not shaped like a date at all (then the format is the
    /// problem, and the caller says so).
    static func calendarProblem(_ text: String) -> String? {
        let parts = text.prefix(10).split(separator: "-", omittingEmptySubsequences: false)
        guard text.count >= 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        guard (1...12).contains(month) else { return "there is no month \(month); months are 01 to 12" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let first = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
            let days = calendar.range(of: .day, in: .month, for: first)?.count
        else { return nil }
        guard (1...days).contains(day) else {
            return "\(monthNames[month - 1]) \(year) has \(days) days"
        }
        return nil
    }
}
