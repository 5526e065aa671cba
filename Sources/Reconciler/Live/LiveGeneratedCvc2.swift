/// A generated-CVC2 entry without its code: the code is a live secret and is never kept.
public struct LiveGeneratedCvc2: Hashable, Sendable, Codable {
    public var id: Int
    public var type: String
    public var status: String?

    public init(id: Int, type: String, status: String? = nil) {
        self.id = id
        self.type = type
        self.status = status
    }
}
