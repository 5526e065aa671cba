import BunqEmulator
import Foundation

/// Starts an emulator for one test and always stops it, even when the test throws.
func withEmulator<T>(
    _ configuration: EmulatorConfiguration = EmulatorConfiguration(rateLimits: .off),
    state: EmulatorState? = nil,
    _ body: (BunqEmulatorServer) async throws -> T
) async throws -> T {
    let server = try await BunqEmulatorServer.start(configuration, state: state)
    do {
        let result = try await body(server)
        try await server.stop()
        return result
    } catch {
        try? await server.stop()
        throw error
    }
}

/// An emulator plus a client that already holds a session.
func withSession<T>(
    _ configuration: EmulatorConfiguration = EmulatorConfiguration(rateLimits: .off),
    state: EmulatorState? = nil,
    _ body: (BunqEmulatorServer, BunqTestClient) async throws -> T
) async throws -> T {
    try await withEmulator(configuration, state: state) { server in
        let client = BunqTestClient(server)
        try await client.createContext()
        return try await body(server, client)
    }
}

/// A fresh path in a fresh temporary directory.
func temporaryPath(_ name: String) -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bunq-emulator-tests-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent(name).path
}

/// The demo card ids, by what they are.
enum DemoCards {
    static let expiredMaestro = 2_079_010
    static let cancelled = 2_079_020
    static let replaced = 2_079_030
    static let aliceTravel = 2_079_040
    static let groceries = 2_079_050
    static let virtualShopping = 2_079_060
    /// Held by another user of the company.
    static let office = 2_079_100
    static let userId = 2_078_600
    static let mainAccount = 2_078_781
    static let bufferAccount = 2_078_790
    static let cardAccount = 2_078_795
}
