/// Where the bunq API lives: production, sandbox, or any base URL (an emulator, a proxy).
public struct BunqEnvironment: Hashable, Sendable, CustomStringConvertible {
    /// The base URL without a trailing slash, e.g. `https://api.bunq.com/v1`.
    public let baseURL: String
    /// What a saved API context is matched by: the base URL, unless the URL changes from
    /// run to run for the same API (an in-process emulator on a random port).
    public let contextIdentity: String

    public init(baseURL: String, contextIdentity: String? = nil) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.contextIdentity = contextIdentity ?? url
    }

    public static let production = BunqEnvironment(baseURL: "https://api.bunq.com/v1")
    public static let sandbox = BunqEnvironment(baseURL: "https://public-api.sandbox.bunq.com/v1")

    /// `https://api.bunq.com` for `https://api.bunq.com/v1`: where bunq's absolute
    /// pagination paths (`/v1/user/...`) are resolved.
    var origin: String {
        guard let schemeEnd = baseURL.range(of: "://") else { return baseURL }
        let afterScheme = baseURL[schemeEnd.upperBound...]
        guard let pathStart = afterScheme.firstIndex(of: "/") else { return baseURL }
        return String(baseURL[..<pathStart])
    }

    /// The path part of the base URL, e.g. `/v1`.
    var basePath: String {
        String(baseURL.dropFirst(origin.count))
    }

    /// Turns a pagination URL (`/v1/user/1/card?count=200&older_id=9`, or absolute) into a
    /// path relative to the base URL; nil if it points somewhere else.
    func relativePath(ofPaginationURL url: String) -> String? {
        var path = url
        if path.hasPrefix(origin) {
            path = String(path.dropFirst(origin.count))
        } else if path.contains("://") {
            return nil
        }
        if !basePath.isEmpty {
            guard path.hasPrefix(basePath + "/") else { return nil }
            path = String(path.dropFirst(basePath.count))
        }
        return path.hasPrefix("/") ? path : nil
    }

    public var description: String { baseURL }
}
