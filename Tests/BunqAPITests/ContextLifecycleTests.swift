import BunqAPI
import BunqEmulator
import Foundation
import Testing

@Suite("API context against the emulator")
struct ContextLifecycleTests {
    @Test func aFreshContextIsCreatedSavedAndReusedByTheNextRun() async throws {
        try await withEmulator { fixture in
            let first = try await fixture.client().connect()
            #expect(first.createdInstallation && first.registeredDevice && first.openedSessions == 1)
            #expect(first.userId == fixture.emulator.snapshot().user.id)
            #expect(try TemporaryDirectory.mode(of: fixture.contextPath) == 0o600)
            #expect(try TemporaryDirectory.mode(of: fixture.directory.file("context")) == 0o700)

            // The next run (a new client) reads cards without any context call.
            let second = fixture.client()
            let cards = try await second.cards()
            #expect(!cards.isEmpty)
            let summary = try await second.connect()
            #expect(!summary.createdInstallation && !summary.registeredDevice && summary.openedSessions == 0)
            for path in ["/installation", "/device-server", "/session-server"] {
                #expect(fixture.calls("POST", path).count == 1, "\(path)")
            }
            #expect(fixture.emulator.snapshot().apiContext.installations.count == 1)
        }
    }

    @Test func anotherAPIKeyGetsItsOwnContext() async throws {
        try await withEmulator { fixture in
            try await fixture.client(apiKey: "first-key").connect()
            let other = try await fixture.client(apiKey: "second-key").connect()
            #expect(other.createdInstallation && other.registeredDevice)
            #expect(fixture.calls("POST", "/installation").count == 2)
            let saved = try #require(try ContextStore(path: fixture.contextPath).load())
            #expect(saved.apiKeyFingerprint == BunqAPIKey("second-key")!.fingerprint)
        }
    }

    @Test func aSessionWithLittleTimeLeftIsRenewedBeforeTheCall() async throws {
        // The emulator gives 31 s sessions; the client renews when fewer than 30 s remain.
        try await withEmulator(sessionTimeoutSeconds: 31) { fixture in
            let client = fixture.client()
            let first = try await client.connect()
            try await Task.sleep(for: .milliseconds(1200))
            _ = try await client.cards()
            let second = try await client.connect()
            #expect(second.openedSessions == 2)
            #expect(second.sessionExpires > first.sessionExpires)
            let statuses = fixture.emulator.calls().map(\.status)
            #expect(!statuses.contains(401), "renewed before bunq had to refuse the old session")
            #expect(fixture.calls("POST", "/session-server").count == 2)
            #expect(fixture.calls("POST", "/installation").count == 1)
        }
    }

    @Test func aSessionHeldBackByPacingIsSavedAsOpenedWhenBunqAnswered() async throws {
        // One session per 3 s here (bunq: per 30 s). The next run paces its own session from
        // the saved time, so a time taken before the wait would let it open one too early.
        let limits = RateLimits(rules: [RateLimitRule(method: "POST", pathTemplate: "/session-server", limit: 1, window: .seconds(3))])
        try await withEmulator(sessionTimeoutSeconds: 31) { fixture in
            try await fixture.client(rateLimits: limits).connect()
            try await Task.sleep(for: .milliseconds(1200))
            let started = Date()
            let renewed = try await fixture.client(rateLimits: limits).connect()
            #expect(renewed.openedSessions == 1)
            let session = try #require(try ContextStore(path: fixture.contextPath).load()?.session)
            let answered = try #require(fixture.calls("POST", "/session-server").last)
            // Held back for the rest of the window after the first (saved as a second younger
            // than its whole-second time): well over a second after this run started.
            #expect(session.created.timeIntervalSince(started) > 1.0, "saved as opened \(session.created.timeIntervalSince(started)) s into the run")
            #expect(fixture.calls("POST", "/session-server").count == 2, "\(answered)")
        }
    }

    @Test func aRefusedSessionIsRenewedOnceAndTheCallRetried() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            try await client.connect()
            fixture.emulator.mutate { $0.apiContext.sessions.removeAll() }
            let cards = try await client.cards()
            #expect(!cards.isEmpty)
            let listCalls = fixture.calls("GET", "/user/{id}/card")
            #expect(listCalls.map(\.status) == [401, 200])
            #expect(listCalls[0].requestId != listCalls[1].requestId)
            #expect(fixture.calls("POST", "/session-server").map(\.status) == [200, 200])
            // The new session was saved for the next run.
            let saved = try #require(try ContextStore(path: fixture.contextPath).load())
            #expect(fixture.emulator.snapshot().apiContext.sessions.map(\.token) == [saved.session?.token])
        }
    }

    @Test func aSavedContextBunqNoLongerKnowsIsReplaced() async throws {
        try await withEmulator { fixture in
            try await fixture.client().connect()
            // The device was revoked in the app: bunq forgets installation, device and session.
            fixture.emulator.mutate { state in
                state.apiContext.sessions.removeAll()
                state.apiContext.deviceServers.removeAll()
                state.apiContext.installations.removeAll()
            }
            let next = fixture.client()
            #expect(!(try await next.cards()).isEmpty)
            let summary = try await next.connect()
            #expect(summary.createdInstallation && summary.registeredDevice)
            #expect(fixture.calls("POST", "/session-server").map(\.status) == [200, 401, 200])
            #expect(fixture.calls("POST", "/installation").count == 2)
            let saved = try #require(try ContextStore(path: fixture.contextPath).load())
            #expect(fixture.emulator.snapshot().apiContext.installations.map(\.token) == [saved.installation.token])
        }
    }

    @Test func aWrongAPIKeyIsAClearError() async throws {
        var state = EmulatorState.demo()
        state.apiKeys = ["the-right-key"]
        try await withEmulator(state: state) { fixture in
            await #expect { try await fixture.client(apiKey: "a-wrong-key").connect() } throws: { error in
                guard case .http(let failure) = error as? BunqAPI.BunqError else { return false }
                return failure.path == "/device-server" && "\(error)".hasPrefix("bunq answered \(failure.status)")
                    && !"\(error)".contains("a-wrong-key")
            }
        }
    }
}
