import Crypto
import Foundation

/// One JSON POST to a webhook the user named (`drift --notify URL`), optionally signed so the
/// receiver can tell it from anyone else who learnt the URL. Not bunq: no session, no retries
/// (a scheduled job runs again), redirects not followed (the body would go to whatever host
/// the `Location` names), and a bounded wait so a dead receiver cannot hold a CI job.
public struct WebhookPost: Sendable {
    /// The header carrying `sha256=<hex>`: HMAC-SHA256 of the exact body bytes.
    public static let signatureHeader = "X-Cardpolicy-Signature"
    public static let defaultTimeout: Duration = .seconds(10)

    public let url: String
    public let timeout: Duration

    /// The URL as messages show it: a webhook URL is often its own credential (a Slack or
    /// Mattermost hook, a `?token=`), so user, password and query are left out, and the
    /// last path segment (where such hooks keep their key) is cut to its first 4 characters.
    public static func shown(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.host != nil else { return "the given URL" }
        components.user = nil
        components.password = nil
        let query = components.query != nil
        components.query = nil
        components.fragment = nil
        var segments = components.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let cut = (segments.last?.count ?? 0) > 4
        if cut { segments[segments.count - 1] = String(segments[segments.count - 1].prefix(4)) }
        components.path = segments.joined(separator: "/")
        return (components.string ?? "the given URL") + (cut ? "…" : "") + (query ? "?…" : "")
    }

    /// Refuses anything but an absolute http:// or https:// URL with a host.
    public init(url: String, timeout: Duration = Self.defaultTimeout) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw WebhookFailure("it must be an http:// or https:// URL with a host, found \"\(Self.shown(url))\"")
        }
        self.url = url
        self.timeout = timeout
    }

    /// `sha256=<64 hex digits>`.
    public static func signature(of body: [UInt8], secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Posts `body`; any answer but 2xx, no answer within the timeout, or no connection throws.
    public func send(_ body: [UInt8], secret: String?) async throws {
        var headers = [("Content-Type", "application/json"), ("User-Agent", "cardpolicy/\(CardpolicyVersion.current)")]
        if let secret { headers.append((Self.signatureHeader, Self.signature(of: body, secret: secret))) }
        let transport = HTTPTransport(httpClient: HTTPTransport.defaultHTTPClient, timeout: timeout, maxBodyBytes: 64 * 1024)
        let answer: HTTPTransport.Answer
        do {
            answer = try await transport.send(method: "POST", url: url, headers: headers, body: body)
        } catch let failure as TransportFailure {
            throw WebhookFailure(failure.description)
        }
        guard (200..<300).contains(answer.status) else {
            throw WebhookFailure("the receiver answered HTTP \(answer.status)")
        }
    }
}

/// Why a webhook post did not go through, as one clause for `… failed: <clause>`.
public struct WebhookFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
