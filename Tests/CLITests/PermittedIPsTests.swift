import BunqEmulator
import Foundation
import Testing

/// A CI runner has a new IP every job, so the device it registers must allow any IP
/// (`permitted_ips: ["*"]`, a wildcard key): `--permitted-ips` or env
/// `CARDPOLICY_PERMITTED_IPS`, sent when a new context registers its device.
@Suite("permitted IPs of a new device")
struct PermittedIPsTests {
    private func registeredIPs(_ arguments: [String], environment: [String: String] = [:]) async throws -> (CommandResult, [String]?) {
        let workspace = try Workspace(state: .demo())
        try FileManager.default.copyItem(atPath: repositoryPolicies, toPath: workspace.path("policies"))
        let result = try await workspace.run(["plan"] + arguments + workspace.connection + ["policies"], environment: environment)
        return (result, try workspace.state().apiContext.deviceServers.last?.permittedIps)
    }

    @Test("--permitted-ips '*' registers a wildcard device")
    func flag() async throws {
        let (result, ips) = try await registeredIPs(["--permitted-ips", "*"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(ips == ["*"])
    }

    @Test("env CARDPOLICY_PERMITTED_IPS, a list with spaces after the commas")
    func environment() async throws {
        let (result, ips) = try await registeredIPs([], environment: ["CARDPOLICY_PERMITTED_IPS": "192.0.2.7, *"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(ips == ["192.0.2.7", "*"])
    }

    @Test("without either, no permitted_ips is sent: bunq binds the device to the calling IP")
    func byDefault() async throws {
        let (result, ips) = try await registeredIPs([])
        #expect(result.exitCode == 0, "\(result)")
        #expect(ips == [])
    }

    @Test("an empty item is a usage error, before any call", arguments: [",", "1.2.3.4,,*", "1.2.3.4 5.6.7.8"])
    func malformed(list: String) async throws {
        let (result, ips) = try await registeredIPs(["--permitted-ips", list])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("--permitted-ips takes IPs separated by commas"), "\(result)")
        #expect(ips == nil, "no device may be registered")
    }
}
