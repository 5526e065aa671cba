import Testing

@testable import BunqAPI

@Suite("Base URLs and pagination URLs")
struct EnvironmentTests {
    @Test func knowsBunqsBaseURLs() {
        #expect(BunqEnvironment.production.baseURL == "https://api.bunq.com/v1")
        #expect(BunqEnvironment.sandbox.baseURL == "https://public-api.sandbox.bunq.com/v1")
        #expect(BunqEnvironment(baseURL: "http://127.0.0.1:8089/v1/").baseURL == "http://127.0.0.1:8089/v1")
    }

    @Test func resolvesOlderURLsAgainstTheBase() {
        let emulator = BunqEnvironment(baseURL: "http://127.0.0.1:8089/v1")
        #expect(emulator.relativePath(ofPaginationURL: "/v1/user/1/card?count=200&older_id=9") == "/user/1/card?count=200&older_id=9")
        #expect(emulator.relativePath(ofPaginationURL: "http://127.0.0.1:8089/v1/user/1/card?older_id=9") == "/user/1/card?older_id=9")
        #expect(emulator.relativePath(ofPaginationURL: "https://evil.example/v1/user/1/card") == nil)
        #expect(emulator.relativePath(ofPaginationURL: "/v2/user/1/card") == nil)
        let proxied = BunqEnvironment(baseURL: "https://proxy.example/bunq/v1")
        #expect(proxied.relativePath(ofPaginationURL: "/bunq/v1/user/1/card?older_id=2") == "/user/1/card?older_id=2")
    }

    @Test func errorsReadLikeBunqsAnswer() {
        let failure = BunqError.HTTPFailure(
            status: 400, method: "PUT", path: "/user/1/card/2", descriptions: ["Card not found."],
            responseId: "a9b8", requestId: "x-a1")
        #expect("\(BunqError.http(failure))" == "bunq answered 400 Bad Request to PUT /user/1/card/2: Card not found. (response id a9b8)")
    }
}
