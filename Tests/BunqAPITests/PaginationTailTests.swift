import Foundation
import Testing

@testable import BunqAPI

/// The next page is asked for from the body's tail; a tail that is not the envelope's own
/// `Pagination` must never be taken for it.
@Suite("Pagination read from a page's tail")
struct PaginationTailTests {
    private func tail(_ json: String) -> PaginationEnvelope? {
        PaginationEnvelope.fromTail(of: Array(json.utf8))
    }

    @Test func readsBunqsTrailingPagination() {
        let envelope = tail(WireDecodingTests.cardList)
        #expect(envelope?.pagination?.olderURL == "/v1/user/3/card?count=200&older_id=6")
        #expect(tail(#"{"Response":[],"Pagination":{"older_url":null}}"#)?.pagination?.olderURL == nil)
    }

    @Test func aPaginationKeyInsideAnItemIsNotTheEnvelopes() {
        // Pagination first, and an item with its own "Pagination" object after it: the tail is
        // the item's, with the item's and the array's brackets still open, so it is refused.
        let json = #"{"Pagination":{"older_url":"/v1/user/3/card?older_id=6"},"Response":[{"Card":{"id":7,"Pagination":{"older_url":"/v1/evil"}}}]}"#
        #expect(tail(json) == nil)
        let decoded = try? JSONDecoder().decode(PaginationEnvelope.self, from: Data(json.utf8))
        #expect(decoded?.pagination?.olderURL == "/v1/user/3/card?older_id=6")
    }

    @Test func aPaginationInsideAStringIsNeverFound() {
        let json = #"{"Response":[{"Card":{"id":7,"second_line":"say \"Pagination\":{}"}}]}"#
        #expect(tail(json) == nil)
    }

    @Test func noPaginationOrABrokenTailGivesNil() {
        #expect(tail(#"{"Response":[]}"#) == nil)
        #expect(tail(#"{"Response":[],"Pagination":{"older_url":"/v1/x""#) == nil)
        #expect(tail("") == nil)
        #expect(tail(#""Pagination""#) == nil)
    }
}
