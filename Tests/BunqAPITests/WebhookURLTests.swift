import BunqAPI
import Testing

/// A webhook URL is often its own credential: messages never show it whole.
@Suite("webhook URLs in messages")
struct WebhookURLTests {
    @Test(arguments: [
        ("http://user:pw@127.0.0.1:9/hook?token=SECRET123", "http://127.0.0.1:9/hook?…"),
        ("https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX", "https://hooks.slack.com/services/T000/B000/XXXX…"),
        ("https://example.com/hook", "https://example.com/hook"),
        ("not a url", "the given URL")
    ])
    func shownWithoutCredentials(url: String, shown: String) {
        #expect(WebhookPost.shown(url) == shown)
    }

    @Test func aRefusedURLIsNotEchoed() {
        let error = #expect(throws: WebhookFailure.self) { try WebhookPost(url: "ftp://user:secret@example.com/x?k=SECRET") }
        #expect(error.map { !"\($0)".contains("secret") && !"\($0)".contains("SECRET") } == true)
    }
}
