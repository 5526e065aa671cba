/// Everything that can go wrong talking to bunq. Descriptions name the call and bunq's
/// response id (what bunq support asks for) and never contain a token or key.
public enum BunqError: Error, Sendable, CustomStringConvertible {
    /// bunq answered with an error status.
    case http(HTTPFailure)
    /// A 2xx answer whose `X-Bunq-Server-Signature` does not sign its body: not bunq's
    /// data, or altered on the way. Never decoded.
    case invalidServerSignature(method: String, path: String, responseId: String?)
    /// A 2xx answer without `X-Bunq-Server-Signature`.
    case missingServerSignature(method: String, path: String, responseId: String?)
    /// A 2xx answer with more than one `X-Bunq-Server-Signature`: bunq sends one, and
    /// trusting whichever comes first would let an added header vouch for a changed body.
    case duplicateServerSignature(method: String, path: String, responseId: String?)
    /// A 3xx answer. bunq does not redirect; nothing is sent to the `Location`, which would
    /// receive the session token and a write's body.
    case redirected(method: String, path: String, status: Int, location: String?, responseId: String?)
    /// An answer body over `BunqClientConfiguration.maxAnswerBytes`; not retried.
    case answerTooLarge(method: String, path: String, limitBytes: Int)
    /// The client's retry budget (`RetryPolicy.retryBudget`) is spent; `last` is the failure
    /// that would have been retried.
    case retryBudgetExhausted(method: String, path: String, budget: Duration, attempts: Int, last: String)
    /// No answer at all, after the bounded retries.
    case transport(method: String, path: String, failure: TransportFailure, attempts: Int)
    /// A signed answer that is not the JSON expected.
    case malformedResponse(method: String, path: String, detail: String)
    /// A request body that cannot be sent as it is (e.g. an amount with 3 decimals).
    case invalidRequestBody(method: String, path: String, detail: String)
    /// The saved API context cannot be read or written.
    case context(path: String, detail: String)
    /// bunq's answers to context creation lacked a part (token, server key, user).
    case incompleteContext(String)

    /// An error status from bunq, with its error body.
    public struct HTTPFailure: Sendable, Hashable, CustomStringConvertible {
        public let status: Int
        public let method: String
        public let path: String
        /// `error_description` of each entry of the `Error` body.
        public let descriptions: [String]
        /// `X-Bunq-Client-Response-Id`.
        public let responseId: String?
        /// The `X-Bunq-Client-Request-Id` of the attempt that got this answer.
        public let requestId: String

        public var description: String {
            let detail = descriptions.isEmpty ? "(no error description)" : descriptions.joined(separator: "; ")
            let response = responseId.map { " (response id \($0))" } ?? ""
            return "bunq answered \(status) \(HTTPFailure.reasonPhrase(status)) to \(method) \(path): \(detail)\(response)"
        }

        /// bunq's names for its status codes, as its API documentation lists them.
        public static func reasonPhrase(_ status: Int) -> String {
            switch status {
            case 200: return "OK"
            case 201: return "Created"
            case 204: return "No Content"
            case 301: return "Moved Permanently"
            case 302: return "Found"
            case 303: return "See Other"
            case 307: return "Temporary Redirect"
            case 308: return "Permanent Redirect"
            case 399: return "Not Modified"
            case 400: return "Bad Request"
            case 401: return "Unauthorized"
            case 403: return "Forbidden"
            case 404: return "Not Found"
            case 405: return "Method Not Allowed"
            case 409: return "Conflict"
            case 429: return "Too Many Requests"
            case 466: return "Request Signature Required"
            case 490: return "User Error"
            case 491: return "Maintenance"
            case 500: return "Internal Server Error"
            case 502: return "Bad Gateway"
            case 503: return "Service Unavailable"
            case 504: return "Gateway Timeout"
            default: return "Error"
            }
        }
    }

    public var description: String {
        switch self {
        case .http(let failure):
            return failure.description
        case .invalidServerSignature(let method, let path, let responseId):
            return "the answer to \(method) \(path) does not carry a valid bunq server signature; it was not used"
                + (responseId.map { " (response id \($0))" } ?? "")
        case .missingServerSignature(let method, let path, let responseId):
            return "the answer to \(method) \(path) has no X-Bunq-Server-Signature; it was not used"
                + (responseId.map { " (response id \($0))" } ?? "")
        case .duplicateServerSignature(let method, let path, let responseId):
            return "the answer to \(method) \(path) carries more than one X-Bunq-Server-Signature; bunq sends one, so it was not used"
                + (responseId.map { " (response id \($0))" } ?? "")
        case .redirected(let method, let path, let status, let location, let responseId):
            let target = location.map { "to \(Self.printable($0))" } ?? "with no Location"
            return "bunq answered \(status) \(HTTPFailure.reasonPhrase(status)) to \(method) \(path), a redirect \(target); "
                + "bunq does not redirect, so it was not followed and nothing was sent there"
                + (responseId.map { " (response id \($0))" } ?? "")
        case .answerTooLarge(let method, let path, let limit):
            return "bunq's answer to \(method) \(path) was larger than \(HTTPTransport.size(limit)); not retried"
        case .retryBudgetExhausted(let method, let path, let budget, let attempts, let last):
            return "\(method) \(path) failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(last); "
                + "not retried again: this run's retries have used their budget of \(budget)"
        case .transport(let method, let path, let failure, let attempts):
            return "\(method) \(path) failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(failure)"
        case .malformedResponse(let method, let path, let detail):
            return "bunq's answer to \(method) \(path) is not what cardpolicy expects: \(detail)"
        case .invalidRequestBody(let method, let path, let detail):
            return "cannot send \(method) \(path): \(detail)"
        case .context(let path, let detail):
            return "API context \(path): \(detail)"
        case .incompleteContext(let detail):
            return "could not create an API context: \(detail)"
        }
    }

    /// Text from an answer's header, safe to print: control characters (which could move a
    /// terminal's cursor or fake a line of output) shown as `?`, and at most 300 characters.
    static func printable(_ text: String) -> String {
        let scalars = text.unicodeScalars.prefix(300).map { scalar -> String in
            scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format ? "?" : String(scalar)
        }
        return scalars.joined() + (text.unicodeScalars.count > 300 ? "…" : "")
    }
}
