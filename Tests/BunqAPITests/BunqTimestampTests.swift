import BunqAPI
import Foundation
import Testing

@Suite("bunq timestamps")
struct BunqTimestampTests {
    @Test func parsesAndPrintsBunqsFormatExactly() throws {
        let text = "2017-01-13 13:19:16.215235"
        let stamp = try #require(BunqTimestamp(bunqString: text))
        #expect(stamp.bunqString == text)
        #expect(stamp.microseconds == 215_235)
        // 2017-01-13T13:19:16Z
        #expect(stamp.secondsSince1970 == 1_484_313_556)
    }

    @Test func acceptsShortFractionsAndNone() throws {
        #expect(BunqTimestamp(bunqString: "2024-02-29 00:00:00")?.bunqString == "2024-02-29 00:00:00.000000")
        #expect(BunqTimestamp(bunqString: "2024-02-29 00:00:00.5")?.microseconds == 500_000)
    }

    @Test(arguments: [
        "2017-01-13T13:19:16.215235Z", "2017-13-01 00:00:00", "2023-02-29 10:00:00",
        "2017-01-13 24:00:00", "2017-01-13 13:19:16.", "2017-01-13 13:19:16.1234567", "yesterday", ""
    ])
    func rejectsOtherFormats(_ text: String) {
        #expect(BunqTimestamp(bunqString: text) == nil)
    }

    @Test func roundTripsThroughDate() {
        let date = Date(timeIntervalSince1970: 1_700_000_000.25)
        let stamp = BunqTimestamp(date)
        #expect(stamp.bunqString == "2023-11-14 22:13:20.250000")
        #expect(abs(stamp.date.timeIntervalSince(date)) < 0.000_001)
    }

    @Test func endOfDayIsTheLastSecondUTC() {
        #expect(BunqTimestamp.endOfDay(year: 2026, month: 12, day: 31).bunqString == "2026-12-31 23:59:59.000000")
    }

    @Test func handlesDatesBefore1970() {
        let stamp = BunqTimestamp(bunqString: "1969-12-31 23:59:59.000001")!
        #expect(stamp.secondsSince1970 == -1)
        #expect(stamp.bunqString == "1969-12-31 23:59:59.000001")
    }

    @Test func codesAsAString() throws {
        let stamp = BunqTimestamp(bunqString: "2020-05-27 10:00:00.000100")!
        let data = try JSONEncoder().encode([stamp])
        #expect(String(decoding: data, as: UTF8.self) == #"["2020-05-27 10:00:00.000100"]"#)
        #expect(try JSONDecoder().decode([BunqTimestamp].self, from: data) == [stamp])
        #expect(stamp < BunqTimestamp(bunqString: "2020-05-27 10:00:00.000101")!)
    }
}
