// The bunq client lives here: API context (installation, device, session),
// body signing and response verification, headers and request ids, pacing under
// bunq's rate limits, retries, pagination and the typed wire models.

/// The version string sent in `User-Agent: cardpolicy/<version>`.
public enum CardpolicyVersion {
    public static let current = "0.1.0"
}
