import BunqAPI
import Foundation
import Testing

@Suite("Amount")
struct AmountTests {
    private func decode(_ json: String) throws -> Amount {
        try JSONDecoder().decode(Amount.self, from: Data(json.utf8))
    }

    @Test func decodesStringValuesExactly() throws {
        let amount = try decode(#"{"value":"1000.10","currency":"EUR"}"#)
        #expect(amount.value == Decimal(string: "1000.1"))
        #expect(amount.currency == "EUR")
        #expect(try decode(#"{"value":"1000","currency":"EUR"}"#) == decode(#"{"value":"1000.00","currency":"EUR"}"#))
    }

    @Test(arguments: ["12abc", "1,00", "1e3", "", "-", "1.", ".5", " 1.00", "NaN"])
    func rejectsWhatDecimalWouldHalfAccept(_ text: String) {
        #expect(throws: DecodingError.self) { try decode(#"{"value":"\#(text)","currency":"EUR"}"#) }
        #expect(Amount(parsing: text, currency: "EUR") == nil)
    }

    @Test func rejectsNumbersInsteadOfStrings() {
        #expect(throws: DecodingError.self) { try decode(#"{"value":12.5,"currency":"EUR"}"#) }
    }

    @Test func encodesTwoDecimalsAsAString() throws {
        let cases: [(String, String)] = [
            ("100", "100.00"), ("0", "0.00"), ("12.5", "12.50"), ("-3.1", "-3.10"),
            ("1234567.89", "1234567.89")
        ]
        for (input, expected) in cases {
            let data = try JSONEncoder().encode(Amount(parsing: input, currency: "EUR")!)
            #expect(String(decoding: data, as: UTF8.self).contains(#""value":"\#(expected)""#), "\(input)")
        }
    }

    @Test func refusesToRoundMoney() {
        let amount = Amount(parsing: "1.005", currency: "EUR")!
        #expect(!amount.isWholeCents)
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(amount) }
    }

    @Test func printsValueAndCurrency() {
        #expect(Amount(parsing: "7.5", currency: "USD")!.description == "7.50 USD")
    }
}
