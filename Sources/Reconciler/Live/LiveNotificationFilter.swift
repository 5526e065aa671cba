/// A notification filter as bunq returns it.
public struct LiveNotificationFilter: Hashable, Sendable, Codable {
    public var category: String
    public var target: String?

    public init(category: String, target: String? = nil) {
        self.category = category
        self.target = target
    }
}
