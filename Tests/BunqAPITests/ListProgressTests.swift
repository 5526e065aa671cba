import Testing

@testable import BunqAPI

@Suite("A list read makes progress page by page")
struct ListProgressTests {
    @Test func pagesOfOlderNewItemsAreProgress() {
        var progress = ListProgress()
        #expect(progress.admit(keys: [.id(9), .id(8)], ids: [9, 8], pointsOlder: true) == nil)
        #expect(progress.admit(keys: [.id(7), .id(6)], ids: [7, 6], pointsOlder: true) == nil)
        #expect(progress.admit(keys: [.id(5)], ids: [5], pointsOlder: false) == nil)
        #expect(progress.admit(keys: [], ids: [], pointsOlder: false) == nil, "an empty last page ends a list")
    }

    @Test func aPageOfOnlyKnownItemsIsALoop() {
        var progress = ListProgress()
        _ = progress.admit(keys: [.id(9), .id(8)], ids: [9, 8], pointsOlder: true)
        #expect(progress.admit(keys: [.id(8), .id(9)], ids: [8, 9], pointsOlder: true)?.contains("page 2 of the list brings only items already read") == true)
    }

    @Test func aPageWithNewButNotOlderItemsIsALoop() {
        var progress = ListProgress()
        _ = progress.admit(keys: [.id(9), .id(5)], ids: [9, 5], pointsOlder: true)
        #expect(progress.admit(keys: [.id(7), .id(6)], ids: [7, 6], pointsOlder: true)?.contains("nothing older than id 5") == true)
    }

    @Test func anEmptyPageThatPointsOnIsALoop() {
        var progress = ListProgress()
        #expect(progress.admit(keys: [], ids: [], pointsOlder: true)?.contains("is empty yet its older_url") == true)
    }

    @Test func itemsWithoutIdsAreComparedWhole() {
        var progress = ListProgress()
        let push = NotificationFilterCategory(category: "BILLING")
        #expect(progress.admit(keys: [push.listingKey], ids: [], pointsOlder: true) == nil)
        #expect(progress.admit(keys: [push.listingKey], ids: [], pointsOlder: true) != nil)
    }
}
