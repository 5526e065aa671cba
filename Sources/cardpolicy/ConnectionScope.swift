import Foundation

/// The one way a command holds its connection to bunq: made when first asked for (so a
/// saved plan with nothing to do never connects), and closed when the command's work ends,
/// however it ends, which also stops an in-process emulator.
final class ConnectionScope {
    private let options: ConnectionOptions
    private var connection: BunqConnection?

    fileprivate init(options: ConnectionOptions) {
        self.options = options
    }

    func connect() async throws -> BunqConnection {
        if let connection { return connection }
        let made = try await options.connect()
        connection = made
        return made
    }

    /// A failure to stop the emulator does not hide the command's own result.
    fileprivate func close() async {
        try? await connection?.close()
        connection = nil
    }
}

extension ConnectionOptions {
    /// Runs `body` with a connection scope and closes it afterwards, on success and on error.
    func withConnection<T>(_ body: (ConnectionScope) async throws -> T) async throws -> T {
        let scope = ConnectionScope(options: self)
        do {
            let result = try await body(scope)
            await scope.close()
            return result
        } catch {
            await scope.close()
            throw error
        }
    }
}
