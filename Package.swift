// swift-tools-version:6.0
import PackageDescription

/// A C library reached through pkg-config; one Swift wrapper module sits above each.
func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, path: "Sources/\(name)", pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "Gatehouse",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gatehouse", targets: ["gatehouse"]),
        .library(name: "GatehouseServer", targets: ["GatehouseServer"]),
    ],
    targets: [
        // C system libraries
        systemLibrary("COpenSSL", pkgConfig: "libcrypto", apt: "libssl-dev"),
        systemLibrary("CArgon2", pkgConfig: "libargon2", apt: "libargon2-dev"),
        systemLibrary("CSQLite", pkgConfig: "sqlite3", apt: "libsqlite3-dev"),
        systemLibrary("CLibPQ", pkgConfig: "libpq", apt: "libpq-dev"),
        systemLibrary("CXCrypt", pkgConfig: "libxcrypt", apt: "libcrypt-dev"),
        systemLibrary("CMicroHTTPD", pkgConfig: "libmicrohttpd", apt: "libmicrohttpd-dev"),
        systemLibrary("CQREncode", pkgConfig: "libqrencode", apt: "libqrencode-dev"),
        .target(name: "CShims", dependencies: ["CMicroHTTPD"]),

        // Swift wrappers and the layers above them (arrows point down; see Docs/architecture.md)
        .target(name: "Cryptography", dependencies: ["COpenSSL", "CArgon2", "CXCrypt"]),
        .target(name: "Workers"),
        .target(name: "Storage"),
        .target(name: "SQLiteStorage", dependencies: ["Storage", "CSQLite"]),
        .target(name: "PostgresStorage", dependencies: ["Storage", "CLibPQ"]),
        .target(name: "HTTPServer", dependencies: ["CMicroHTTPD", "CShims", "Workers"]),
        .target(name: "AuthCore", dependencies: ["Cryptography", "JOSE", "Workers"]),
        .target(name: "AuthStorage", dependencies: ["AuthCore", "Storage"]),
        .target(name: "QRCode", dependencies: ["CQREncode"]),

        // Factor plugins: each depends on AuthCore (and the wrappers it needs), never on another plugin or the server
        .target(name: "TOTPFactor", dependencies: ["AuthCore", "Cryptography", "JOSE", "QRCode"], path: "Plugins/TOTP"),
        .target(name: "WebAuthnFactor", dependencies: ["AuthCore", "WebAuthn", "FIDOMetadata", "Cryptography", "JOSE"],
                path: "Plugins/WebAuthn"),
        .target(name: "RecoveryCodeFactor", dependencies: ["AuthCore", "Cryptography", "JOSE", "Workers"], path: "Plugins/RecoveryCodes"),

        .target(name: "GatehouseServer", dependencies: [
            "HTTPServer", "Storage", "SQLiteStorage", "PostgresStorage", "Cryptography", "JOSE", "AuthCore", "AuthStorage",
            "TOTPFactor", "RecoveryCodeFactor", "WebAuthnFactor", "FIDOMetadata",
        ]),
        .executableTarget(name: "gatehouse", dependencies: ["GatehouseServer"]),
        .executableTarget(name: "gatehouse-bench", dependencies: ["GatehouseServer", "HTTPServer", "Cryptography", "GatehouseTestSupport"],
                          path: "Benchmarks/GatehouseBench", exclude: ["introspect.lua"]),
        .target(name: "JOSE", dependencies: ["Cryptography"]),
        .target(name: "TokenVerifier", dependencies: ["JOSE", "Cryptography"]),
        .target(name: "WebAuthn", dependencies: ["Cryptography", "JOSE"]),
        .target(name: "FIDOMetadata", dependencies: ["Cryptography", "JOSE"]),
        .executableTarget(name: "tenant-router", dependencies: ["TokenVerifier", "HTTPServer"], path: "Examples/TenantRouter", exclude: ["README.md"]),
        .executableTarget(name: "factor-bench", dependencies: ["TOTPFactor", "RecoveryCodeFactor", "FactorTestSupport", "AuthCore", "JOSE"],
                          path: "Benchmarks/FactorBench"),
        .executableTarget(name: "mds-bench", dependencies: ["FIDOMetadata", "Cryptography"], path: "Benchmarks/MDSBench"),
        .executableTarget(name: "webauthn-bench", dependencies: ["WebAuthn", "JOSE", "Cryptography"], path: "Benchmarks/WebAuthnBench"),
        .executableTarget(name: "jose-bench", dependencies: ["TokenVerifier", "JOSE", "Cryptography"], path: "Benchmarks/JOSEBench"),

        // Tests: one target per module, plus shared helpers (a raw HTTP client, temp dirs)
        .target(name: "GatehouseTestSupport", path: "Tests/Support"),
        .target(name: "FactorTestSupport", dependencies: ["AuthCore", "Cryptography"], path: "Tests/FactorSupport"),
        .target(name: "WebAuthnTestSupport", dependencies: ["WebAuthn", "Cryptography", "JOSE"], path: "Tests/WebAuthnSupport"),
        .testTarget(name: "CryptographyTests", dependencies: ["Cryptography"], exclude: ["Vectors"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "SQLiteStorage", "PostgresStorage"]),
        .testTarget(name: "WorkersTests", dependencies: ["Workers"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "Workers", "GatehouseTestSupport"]),
        .testTarget(name: "AuthCoreTests", dependencies: ["AuthCore", "AuthStorage", "SQLiteStorage", "GatehouseTestSupport"]),
        .testTarget(name: "AuthStorageTests", dependencies: ["AuthStorage", "SQLiteStorage", "PostgresStorage", "GatehouseTestSupport"]),
        .testTarget(name: "GatehouseServerTests", dependencies: ["GatehouseServer", "TOTPFactor", "RecoveryCodeFactor", "FIDOMetadata",
                                                               "AuthCore", "AuthStorage", "Storage", "WebAuthnTestSupport"]),
        .testTarget(name: "TOTPFactorTests", dependencies: ["TOTPFactor", "QRCode", "FactorTestSupport", "GatehouseTestSupport"],
                    exclude: ["Vectors"]),
        .testTarget(name: "RecoveryCodeFactorTests", dependencies: ["RecoveryCodeFactor", "FactorTestSupport", "Workers"]),
        .testTarget(name: "JOSETests", dependencies: ["JOSE", "Cryptography"], exclude: ["Vectors"]),
        .testTarget(name: "WebAuthnTests", dependencies: ["WebAuthn", "Cryptography", "GatehouseTestSupport", "WebAuthnTestSupport"], exclude: ["Vectors"]),
        .testTarget(name: "FIDOMetadataTests", dependencies: ["FIDOMetadata", "Cryptography", "JOSE", "GatehouseTestSupport"],
                    exclude: ["Vectors"]),
        .testTarget(name: "TokenVerifierTests", dependencies: ["TokenVerifier", "JOSE", "Cryptography", "HTTPServer", "GatehouseTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
