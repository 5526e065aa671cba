import ArgumentParser
import BunqAPI
import BunqEmulator
import Foundation
import Logging

/// The options of every command that talks to bunq: where, with which key and context,
/// and how loudly.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .customLong("api-url"),
        help: ArgumentHelp(
            "The bunq API base URL (default: env BUNQ_API_URL, else https://api.bunq.com/v1).", valueName: "URL"))
    var apiURL: String?

    @Flag(help: "Use bunq's sandbox, https://public-api.sandbox.bunq.com/v1.")
    var sandbox = false

    @Option(
        name: .customLong("api-key-file"),
        help: ArgumentHelp(
            "Read the API key from this file (default: env BUNQ_API_KEY). Keys are never taken from a flag value.",
            valueName: "FILE"), completion: .file())
    var apiKeyFile: String?

    @Option(
        name: .customLong("context"),
        help: ArgumentHelp(
            "The API context file: installation keys and session (default: env CARDPOLICY_CONTEXT, else ~/.config/cardpolicy/context.json).",
            valueName: "FILE"), completion: .file())
    var contextPath: String?

    @Option(
        name: .customLong("emulator"),
        help: ArgumentHelp(
            "Run the bunq emulator in-process from this state file (created with the demo state when missing) and talk to it instead of bunq. "
                + "The API context is kept next to the state file, so the real one is never touched.",
            valueName: "STATE.json"), completion: .file())
    var emulatorState: String?

    // bunq binds a new device to the IP that registers it; a CI runner has a new IP every
    // job, so it registers with "*" (a wildcard key). Only a new context is registered.
    @Option(
        name: .customLong("permitted-ips"),
        help: ArgumentHelp(
            "IPs that may use the API context when it is first registered, comma-separated; * for a CI runner whose IP changes "
                + "(default: env CARDPOLICY_PERMITTED_IPS, else only the IP that registers it).",
            valueName: "LIST"))
    var permittedIPs: String?

    @Flag(help: "Log every bunq call (method, path, status, duration, request id) to standard error. Never tokens or keys.")
    var verbose = false

    // Pacing is on by default, so no run against bunq sees a 429. `off` exists for emulators
    // (benchmarks, bulk trials): paced, 10,000 cards take 50 card pages at 3 GETs per 3 s,
    // about 50 s, and 2,000 card PUTs at 2 per 3 s about 50 minutes, however fast the tool is.
    @Option(
        name: .customLong("rate-limits"),
        help: ArgumentHelp(
            "bunq: keep to bunq's rate limits; off: no limits, with --emulator on both sides (no pacing, and an emulator "
                + "that does not refuse), else only for `cardpolicy emulator --rate-limits off`.",
            valueName: "bunq|off"))
    var rateLimits: RateLimitsOption = .bunq

    // Bounds the whole exchange, body included: an answer that arrives slowly or never ends
    // is cut off and retried, instead of holding the run for minutes.
    @Option(
        name: .customLong("request-timeout"),
        help: ArgumentHelp(
            "Seconds one bunq call may take in all, its answer's body included (default 30); a slower one is retried, then an error.",
            valueName: "SECONDS"))
    var requestTimeout: Double = 30

    func validate() throws {
        if sandbox, apiURL != nil {
            throw ValidationError("--sandbox and --api-url name two different APIs: use one.")
        }
        if emulatorState != nil, sandbox || apiURL != nil {
            throw ValidationError("--emulator runs its own API: leave out --sandbox and --api-url.")
        }
        // The emulator's context lives beside its state, so a real context is never overwritten.
        if emulatorState != nil, contextPath != nil {
            throw ValidationError("--emulator keeps its API context beside its state file: leave out --context.")
        }
        if let emulatorState, emulatorState.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--emulator needs a state file path.")
        }
        guard requestTimeout.isFinite, requestTimeout >= 0.1, requestTimeout <= 3600 else {
            throw ValidationError("--request-timeout takes seconds from 0.1 to 3600")
        }
        if let permittedIPs, Self.ipList(permittedIPs) == nil {
            throw ValidationError("--permitted-ips takes IPs separated by commas, or *: \(permittedIPs)")
        }
    }

    /// `--permitted-ips` or env `CARDPOLICY_PERMITTED_IPS`; nil leaves bunq's default (the calling IP).
    func devicePermittedIPs(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> [String]? {
        guard let text = permittedIPs ?? env["CARDPOLICY_PERMITTED_IPS"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        guard let list = Self.ipList(text) else {
            throw ConnectionError("CARDPOLICY_PERMITTED_IPS takes IPs separated by commas, or *: \(text)")
        }
        return list
    }

    /// "1.2.3.4, *" → ["1.2.3.4", "*"]; nil when an item is empty or holds a space.
    static func ipList(_ text: String) -> [String]? {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !items.isEmpty, items.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else { return nil }
        return items
    }

    /// The API to talk to: `--sandbox`, `--api-url`, env `BUNQ_API_URL`, or production.
    func environment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> BunqEnvironment {
        if sandbox { return .sandbox }
        if let apiURL { return BunqEnvironment(baseURL: apiURL) }
        if let url = env["BUNQ_API_URL"], !url.isEmpty { return BunqEnvironment(baseURL: url) }
        return .production
    }

    /// What a saved plan records as where it was planned: the API base URL, or with `--emulator`
    /// `emulator:` and the state file as given (the emulator's port is new every run).
    func planOrigin(_ env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let emulatorState { return "emulator:" + emulatorState }
        return environment(env).baseURL
    }

    /// A sandbox key sent to production (or a production key to the sandbox) fails only after
    /// an installation and a device call, with an error that does not say why; it is said at
    /// once instead. bunq's sandbox keys start with `sandbox_`. Other URLs (an emulator, a
    /// proxy) are not judged.
    static func checkKey(_ key: BunqAPIKey, against baseURL: String) throws {
        let url = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        if key.isSandboxKey, url == BunqEnvironment.production.baseURL {
            throw ConnectionError(
                "this is a sandbox API key (sandbox_…), but \(url) is bunq's production API: pass --sandbox")
        }
        if !key.isSandboxKey, url == BunqEnvironment.sandbox.baseURL {
            throw ConnectionError(
                "this is a production API key (it does not start with sandbox_), but \(url) is bunq's sandbox: leave out --sandbox (and BUNQ_API_URL), or use a sandbox key"
            )
        }
    }

    /// The API key from `--api-key-file` or env `BUNQ_API_KEY`, nowhere else.
    func apiKey(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> BunqAPIKey {
        if let apiKeyFile {
            let text: String
            do {
                text = try String(contentsOfFile: apiKeyFile, encoding: .utf8)
            } catch {
                throw ConnectionError("cannot read the API key file \(apiKeyFile): \(error.localizedDescription)")
            }
            guard let key = BunqAPIKey(text) else { throw ConnectionError("the API key file \(apiKeyFile) is empty") }
            // As ssh does for its keys: said, not refused, since a shared CI runner may not control modes.
            if let mode = (try? FileManager.default.attributesOfItem(atPath: apiKeyFile))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
                Terminal.writeError("warning: the API key file \(apiKeyFile) can be read by other users (mode \(String(mode, radix: 8))): chmod 600 it\n")
            }
            return key
        }
        if let key = env["BUNQ_API_KEY"].flatMap(BunqAPIKey.init) { return key }
        if emulatorState != nil, let placeholder = BunqAPIKey("emulator") {
            return placeholder // the emulator accepts any non-empty key unless its state lists api_keys
        }
        throw ConnectionError("no bunq API key: set BUNQ_API_KEY or pass --api-key-file FILE")
    }

    /// `--context`, env `CARDPOLICY_CONTEXT`, or `~/.config/cardpolicy/context.json`; with
    /// `--emulator`, `<state>.context.json` beside the state file.
    func contextFilePath(_ env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let contextPath { return contextPath }
        if let emulatorState {
            // As the user wrote it (relative stays relative), so messages name the file they know.
            return (emulatorState as NSString).deletingPathExtension + ".context.json"
        }
        if let path = env["CARDPOLICY_CONTEXT"], !path.isEmpty { return path }
        return ContextStore.defaultPath
    }

    /// An API URL that cannot work is said at once, not retried as a network failure. The API
    /// key and session token cross in the body and headers of every context call: plain http
    /// is for an emulator on this machine only.
    static func checkAPIURL(_ baseURL: String) throws {
        guard let url = URL(string: baseURL), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            throw ConnectionError("\(baseURL) is not an API URL: it must look like https://api.bunq.com/v1")
        }
        guard scheme == "http", !["127.0.0.1", "::1", "[::1]", "localhost"].contains(host.lowercased()) else { return }
        throw ConnectionError(
            "\(baseURL) is plain http: the API key would cross the network unencrypted; use https:// "
                + "(http:// is accepted for 127.0.0.1, ::1 and localhost only)")
    }

    /// bunq's standard retries, with `--request-timeout` as each call's deadline.
    var retryPolicy: RetryPolicy {
        var policy = RetryPolicy.standard
        policy.requestTimeout = .milliseconds(Int64((requestTimeout * 1000).rounded()))
        return policy
    }

    /// A logger on standard error: `.debug` (every call) with `--verbose`, else `.notice`.
    func makeLogger() -> Logger {
        var logger = Logger(label: "cardpolicy.bunq") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .notice
        return logger
    }

    /// A ready client, starting the in-process emulator first with `--emulator`.
    func connect(_ env: [String: String] = ProcessInfo.processInfo.environment) async throws -> BunqConnection {
        if emulatorState == nil { try Self.checkAPIURL(environment(env).baseURL) }
        let key = try apiKey(env)
        if emulatorState == nil { try Self.checkKey(key, against: environment(env).baseURL) }
        var emulator: BunqEmulatorServer?
        var environment = environment(env)
        if let emulatorState {
            let server = try await BunqEmulatorServer.start(
                EmulatorConfiguration(port: 0, statePath: emulatorState, rateLimits: rateLimits.emulatorMode))
            emulator = server
            // The port is new each run; the state file is what the saved context belongs to.
            let statePath = URL(fileURLWithPath: emulatorState).standardizedFileURL.path
            environment = BunqEnvironment(baseURL: server.baseURL, contextIdentity: "emulator:" + statePath)
        }
        let client = BunqClient(
            configuration: BunqClientConfiguration(
                environment: environment, rateLimits: rateLimits.pacing,
                retryPolicy: retryPolicy, permittedIPs: try devicePermittedIPs(env)),
            apiKey: key,
            store: ContextStore(path: contextFilePath(env)), logger: makeLogger())
        return BunqConnection(client: client, emulator: emulator)
    }
}

/// A connection that cannot be set up; printed as `Error: <description>`, exit code 1.
struct ConnectionError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}

/// A client and, with `--emulator`, the emulator it talks to; `close()` stops the emulator.
struct BunqConnection: Sendable {
    let client: BunqClient
    let emulator: BunqEmulatorServer?

    func close() async throws {
        try await emulator?.stop()
    }
}
