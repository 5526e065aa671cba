import Foundation
import Testing

@testable import BunqEmulator

@Suite("bunq's wire format pieces")
struct WireFormatTests {
    @Test("amounts: strings with at most two decimals, always written with two")
    func money() {
        #expect(AmountText.normalised("12") == "12.00")
        #expect(AmountText.normalised("12.5") == "12.50")
        #expect(AmountText.normalised("0.07") == "0.07")
        #expect(AmountText.normalised("1000000.99") == "1000000.99")
        for bad in ["", "12.", ".5", "12,50", "1.234", "-1", "1e3", "12abc", " 12", "١٢"] {
            #expect(AmountText.normalised(bad) == nil, "\(bad)")
        }
        #expect(AmountText.isCurrencyCode("EUR") && !AmountText.isCurrencyCode("eur") && !AmountText.isCurrencyCode("EURO"))
    }

    @Test("timestamps: YYYY-MM-DD hh:mm:ss.ffffff in UTC, both ways; ISO-8601 and impossible dates refused")
    func timestamps() {
        let date = Date(timeIntervalSince1970: 1_484_313_556.215235)
        #expect(BunqTimestamp.string(from: date) == "2017-01-13 13:19:16.215235")
        let parsed = BunqTimestamp.date(from: "2017-01-13 13:19:16.215235")
        #expect(parsed.map { abs($0.timeIntervalSince1970 - 1_484_313_556.215235) < 0.000_01 } == true)
        #expect(BunqTimestamp.date(from: "2026-12-31 23:59:59") != nil)
        for bad in ["2026-12-31T23:59:59Z", "2026-02-31 00:00:00", "2026-12-31", "2026-12-31 24:00:00.000000", "2026-12-31 23:59:59."] {
            #expect(BunqTimestamp.date(from: bad) == nil, "\(bad)")
        }
    }

    @Test("the parser keeps integers as integers and refuses what is not JSON")
    func parser() throws {
        let value = try JSONParser.parse(Array(#"{"a":1,"b":1.5,"c":"x\n\u00e9\ud83d\ude00","d":[true,null],"e":-0}"#.utf8))
        #expect(value["a"] == .int(1))
        #expect(value["b"] == .double(1.5))
        #expect(value["c"] == .string("x\né😀"))
        #expect(value["d"] == .array([.bool(true), .null]))
        for bad in ["", "{", "{\"a\":}", "[1,]", "01", "1.", "\"\\x\"", "\"\u{01}\"", "{\"a\":1}x", "nul", "\"\\ud800\""] {
            #expect(throws: JSONParser.Failure.self, "\(bad)") { try JSONParser.parse(Array(bad.utf8)) }
        }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(String(repeating: "[", count: 100_000).utf8)) }
    }

    @Test("the serializer writes compact JSON without escaping slashes, and reads back the same")
    func serializer() throws {
        let value = JSONValue.object([
            ("url", .string("https://a/b")), ("pem", .string("a\nb\"c\\")), ("n", .int(-3)), ("z", .null),
            ("ctl", .string("é\u{01}\t")), ("plain", .string("Crème brûlée"))
        ])
        let bytes = JSONSerializer.bytes(value)
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"url":"https://a/b","pem":"a\nb\"c\\","n":-3,"z":null,"ctl":"é\u0001\t","plain":"Crème brûlée"}"#)
        #expect(try JSONParser.parse(bytes) == value)
    }

    @Test("path templates replace every id with {id}")
    func templates() {
        #expect(RouteTable.template(of: "/user/7/card/42").0 == "/user/{id}/card/{id}")
        #expect(RouteTable.template(of: "/user/7/card/42").1 == [7, 42])
        #expect(RouteTable.template(of: "/session-server").0 == "/session-server")
        #expect(RouteTable.template(of: "/user/abc/card").0 == "/user/abc/card")
    }

    @Test("fault patterns match templates, with or without /v1 and with wildcards")
    func faultPatterns() {
        #expect(FaultInjector.matches(method: "PUT", pattern: "/user/{id}/card/{id}", requestMethod: "PUT", template: "/user/{id}/card/{id}"))
        #expect(FaultInjector.matches(method: nil, pattern: "/v1/user/{id}/card/{id}", requestMethod: "GET", template: "/user/{id}/card/{id}"))
        #expect(FaultInjector.matches(method: "put", pattern: "/user/*", requestMethod: "PUT", template: "/user/{id}/certificate-pinned"))
        #expect(!FaultInjector.matches(method: "GET", pattern: nil, requestMethod: "PUT", template: "/user"))
        #expect(!FaultInjector.matches(method: nil, pattern: "/user/{id}/card", requestMethod: "GET", template: "/user/{id}/card/{id}"))
    }
}
