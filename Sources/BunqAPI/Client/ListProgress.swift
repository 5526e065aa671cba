/// What a listed item is known by, so a list read can tell whether a page brought anything new.
protocol ListedItem: Decodable {
    /// bunq's id, when the item has one. Lists are newest first, so ids fall page by page.
    var listingId: Int? { get }
    /// What makes two items the same one: the id, or what the item holds when it has none.
    var listingKey: ListingKey { get }
}

/// A listed item's identity: bunq's id, or the content of an item that has none.
enum ListingKey: Hashable, Sendable {
    case id(Int)
    case content(String)
}

extension ListedItem where Self: Identifiable, ID == Int {
    var listingId: Int? { id }
    var listingKey: ListingKey { .id(id) }
}

extension Card: ListedItem {}
extension CertificatePinned: ListedItem {}
extension GeneratedCvc2: ListedItem {}
extension MonetaryAccount.Fields: ListedItem {
    var listingId: Int? { id }
    var listingKey: ListingKey { .id(id) }
}
extension NotificationFilterURL: ListedItem {
    var listingId: Int? { id }
    var listingKey: ListingKey { id.map(ListingKey.id) ?? .content(category + " " + notificationTarget) }
}
extension NotificationFilterCategory: ListedItem {
    var listingId: Int? { nil }
    var listingKey: ListingKey { .content(category) }
}

/// Checks, page by page in order, that following `older_url` gets somewhere. A server
/// can hand out a new `older_url` on every page (so no URL repeats) while serving the same
/// items; followed blindly that never ends. Each page must bring an item not seen before
/// and, where items have ids, one older (lower id) than the oldest seen so far.
struct ListProgress {
    private var seen: Set<ListingKey> = []
    private var oldestId: Int?
    private(set) var pages = 0

    /// Why this page shows the list is not progressing, or nil when it does.
    mutating func admit(keys: [ListingKey], ids: [Int], pointsOlder: Bool) -> String? {
        pages += 1
        guard !keys.isEmpty else {
            return pointsOlder ? "page \(pages) of the list is empty yet its older_url points to another page" : nil
        }
        guard keys.contains(where: { !seen.contains($0) }) else {
            return "page \(pages) of the list brings only items already read on earlier pages, so its older_url would lead on forever"
        }
        let pageOldest = ids.min()
        if let oldestId, let pageOldest, pageOldest >= oldestId {
            return
                "page \(pages) of the list brings nothing older than id \(oldestId), already read; bunq lists newest first, so its older_url would lead on forever"
        }
        seen.formUnion(keys)
        if let pageOldest { oldestId = min(oldestId ?? pageOldest, pageOldest) }
        return nil
    }
}
