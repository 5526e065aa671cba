import AsyncHTTPClient
import BunqEmulator
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import _CryptoExtras

/// A deliberately small bunq client for the tests: real HTTP, real signatures, and every
/// header under the test's control, so each rule can be probed on its own.
final class BunqTestClient: @unchecked Sendable {
    /// One key for all tests: RSA key generation is slow in debug builds.
    static let sharedKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)

    let baseURL: String
    let key: _RSA.Signing.PrivateKey
    var installationToken: String?
    var sessionToken: String?
    var serverPublicKey: _RSA.Signing.PublicKey?
    var userId = 0

    init(baseURL: String, key: _RSA.Signing.PrivateKey = BunqTestClient.sharedKey) {
        self.baseURL = baseURL
        self.key = key
    }

    convenience init(_ server: BunqEmulatorServer) {
        self.init(baseURL: server.baseURL)
    }

    struct Response {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]

        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
        var text: String { String(decoding: body, as: UTF8.self) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        /// The `Response` array's items.
        var items: [[String: Any]] { object["Response"] as? [[String: Any]] ?? [] }
        /// The error descriptions of an Error body.
        var errors: [String] {
            (object["Error"] as? [[String: Any]] ?? []).compactMap { $0["error_description"] as? String }
        }
        /// The first item unwrapped from its type key.
        func first(_ type: String) -> [String: Any]? { items.first?[type] as? [String: Any] }
        func all(_ type: String) -> [[String: Any]] { items.compactMap { $0[type] as? [String: Any] } }
    }

    enum Token {
        case none, installation, session, custom(String)
    }

    func sign(_ body: [UInt8]) -> String {
        try! key.signature(for: SHA256.hash(data: body), padding: .insecurePKCS1v1_5).rawRepresentation.base64EncodedString()
    }

    /// Sends one request. Defaults: session token, body signed, a fresh request id.
    @discardableResult
    func send(
        _ method: HTTPMethod, _ path: String, json: Any? = nil, body rawBody: [UInt8]? = nil, token: Token = .session,
        signature: String?? = nil, requestId: String?? = nil, timeout: TimeAmount = .seconds(30)
    ) async throws -> Response {
        var body: [UInt8] = rawBody ?? []
        if let json {
            body = Array(try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes]))
        }
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "User-Agent", value: "cardpolicy-tests")
        request.headers.add(name: "Cache-Control", value: "no-cache")
        request.headers.add(name: "Content-Type", value: "application/json")
        let id: String? = requestId ?? UUID().uuidString
        if let id { request.headers.add(name: "X-Bunq-Client-Request-Id", value: id) }
        switch token {
        case .none: break
        case .installation: request.headers.add(name: "X-Bunq-Client-Authentication", value: installationToken ?? "")
        case .session: request.headers.add(name: "X-Bunq-Client-Authentication", value: sessionToken ?? "")
        case .custom(let value): request.headers.add(name: "X-Bunq-Client-Authentication", value: value)
        }
        let signatureValue: String? = signature ?? (tokenIsSet(token) ? sign(body) : nil)
        if let signatureValue { request.headers.add(name: "X-Bunq-Client-Signature", value: signatureValue) }
        if !body.isEmpty { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let collected = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return Response(status: Int(response.status.code), headers: response.headers, body: Array(collected.readableBytesView))
    }

    private func tokenIsSet(_ token: Token) -> Bool {
        if case .none = token { return false }
        return true
    }

    /// Does the response carry a valid `X-Bunq-Server-Signature` over its body?
    func isSignedByServer(_ response: Response) -> Bool {
        guard let key = serverPublicKey, let header = response.headers.first(name: "X-Bunq-Server-Signature"),
            let raw = Data(base64Encoded: header)
        else { return false }
        return key.isValidSignature(
            _RSA.Signing.RSASignature(rawRepresentation: raw), for: SHA256.hash(data: response.body),
            padding: .insecurePKCS1v1_5)
    }

    /// installation → device-server → session-server, checking each answer's shape.
    func createContext(apiKey: String = "test-api-key") async throws {
        try await install()
        try await registerDevice(apiKey: apiKey)
        let session = try await startSession(apiKey: apiKey)
        guard session.status == 200 else { throw TestFailure("session-server answered \(session.status): \(session.text)") }
    }

    func install() async throws {
        let installation = try await send(.POST, "/installation", json: ["client_public_key": key.publicKey.pemRepresentation], token: .none)
        guard installation.status == 200,
            let token = (installation.items.first { $0["Token"] != nil }?["Token"] as? [String: Any])?["token"] as? String,
            let pem = (installation.items.first { $0["ServerPublicKey"] != nil }?["ServerPublicKey"] as? [String: Any])?["server_public_key"] as? String
        else { throw TestFailure("installation failed: \(installation.status) \(installation.text)") }
        installationToken = token
        serverPublicKey = try _RSA.Signing.PublicKey(pemRepresentation: pem)
    }

    func registerDevice(apiKey: String) async throws {
        let device = try await send(
            .POST, "/device-server", json: ["description": "tests", "secret": apiKey, "permitted_ips": ["*"]],
            token: .installation)
        guard device.status == 200 else { throw TestFailure("device-server failed: \(device.status) \(device.text)") }
    }

    @discardableResult
    func startSession(apiKey: String) async throws -> Response {
        let session = try await send(.POST, "/session-server", json: ["secret": apiKey], token: .installation)
        if session.status == 200 {
            sessionToken = (session.items.first { $0["Token"] != nil }?["Token"] as? [String: Any])?["token"] as? String
            userId = ((session.items.first { $0["UserPerson"] != nil }?["UserPerson"] as? [String: Any])?["id"] as? Int) ?? 0
        }
        return session
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
