extension EmulatorEngine {
    /// A list answer whose `older_url` leads back to the page just served, under a query
    /// never handed out before (`loop=N`), so a client that only checks for repeated URLs
    /// follows it forever. Answers without a `Pagination` are left as they are.
    static func loopingOlderURL(_ body: JSONValue, path: String, query: String?, loop: Int) -> JSONValue {
        guard let members = body.objectMembers, members.contains(where: { $0.0 == "Pagination" }) else { return body }
        let kept = (query ?? "").split(separator: "&").filter { !$0.hasPrefix("loop=") }.joined(separator: "&")
        let url = path + "?" + (kept.isEmpty ? "" : kept + "&") + "loop=\(loop)"
        return .object(
            members.map { key, value in
                guard key == "Pagination", let pagination = value.objectMembers else { return (key, value) }
                var replaced = pagination.filter { $0.0 != "older_url" }
                replaced.append(("older_url", .string(url)))
                return (key, .object(replaced))
            })
    }
}
