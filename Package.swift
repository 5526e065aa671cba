// swift-tools-version:6.0
import PackageDescription

// Libraries do the work; the `cardpolicy` executable only parses arguments and prints.
// Test targets depend only on what they test, so the policy tests build without the
// HTTP stack (a clean build of AsyncHTTPClient + Hummingbird costs minutes on 2 cores).
let package = Package(
    name: "cardpolicy",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cardpolicy", targets: ["cardpolicy"]),
        .library(name: "PolicyModel", targets: ["PolicyModel"]),
        .library(name: "BunqAPI", targets: ["BunqAPI"]),
        .library(name: "Reconciler", targets: ["Reconciler"]),
        .library(name: "BunqEmulator", targets: ["BunqEmulator"])
    ],
    // Every direct dependency is pinned to one version, so a fresh clone builds what CI tested
    // (Package.resolved, which would pin the indirect ones too, is not committed here). How to
    // upgrade: docs/releases.md.
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates", exact: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", exact: "1.7.4"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        // The emulator closes a connection itself to inject "response lost" faults.
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        // Stopping the emulator by graceful shutdown rather than cancellation (see BunqEmulatorServer.stop).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0")
    ],
    targets: [
        .target(
            name: "PolicyModel",
            dependencies: [
                // For libyaml, its CYaml module: YAMLComposer reads its events (see there why).
                .product(name: "Yams", package: "Yams"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto")
            ]
        ),
        .target(
            name: "BunqAPI",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log")
            ]
        ),
        .target(
            name: "Reconciler",
            dependencies: [
                "PolicyModel", "BunqAPI",
                .product(name: "Crypto", package: "swift-crypto")
            ]
        ),
        // The emulator encodes bunq's wire format on its own (no BunqAPI import), so that a
        // misreading of the docs in the client is caught rather than mirrored.
        .target(
            name: "BunqEmulator",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
            ]
        ),
        .executableTarget(
            name: "cardpolicy",
            dependencies: [
                "PolicyModel", "BunqAPI", "Reconciler", "BunqEmulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log")
            ]
        ),
        // Release-built figures for the performance targets (see docs/benchmarks.md).
        .executableTarget(
            name: "cardpolicy-bench",
            dependencies: [
                "PolicyModel", "BunqAPI", "Reconciler", "BunqEmulator",
                .product(name: "Logging", package: "swift-log")
            ]
        ),
        .testTarget(name: "PolicyModelTests", dependencies: ["PolicyModel"]),
        // Golden holds the renderers' expected output, read by path, not bundled.
        .testTarget(name: "ReconcilerTests", dependencies: ["Reconciler", "PolicyModel"], exclude: ["Golden"]),
        .testTarget(
            name: "ApplyTests",
            dependencies: [
                "Reconciler", "PolicyModel", "BunqAPI", "BunqEmulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio")
            ]
        ),
        .testTarget(
            name: "BunqEmulatorTests",
            dependencies: [
                "BunqEmulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio")
            ]
        ),
        // Helpers more than one test target needs (a listener that must never be reached).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "BunqAPITests", dependencies: ["BunqAPI", "BunqEmulator", "TestSupport"]),
        // End-to-end: runs the built `cardpolicy` executable against emulator state files.
        // The libraries are here only to write states and read saved plans, as a user's tools would.
        .testTarget(
            name: "CLITests",
            dependencies: [
                "BunqEmulator", "Reconciler", "PolicyModel", "TestSupport",
                // To check a drift webhook's HMAC the way a receiver would, not through cardpolicy's code.
                .product(name: "Crypto", package: "swift-crypto")
            ])
    ],
    swiftLanguageModes: [.v5]
)
