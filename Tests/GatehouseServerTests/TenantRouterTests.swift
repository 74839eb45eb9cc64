import Foundation
import GatehouseTestSupport
import Glibc
import Testing

@Suite("Examples/TenantRouter against a running Gatehouse")
struct TenantRouterTests {
    static let binary = repositoryRoot + "/.build/debug/tenant-router"

    /// A free TCP port on loopback.
    static func freePort() -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length); return getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    @Test("verifies tokens through the published JWKS and answers a stale MFA with the RFC 9470 challenge",
          .enabled(if: FileManager.default.isExecutableFile(atPath: binary), "tenant-router is not built (swift build builds it)"))
    func endToEnd() throws {
        let harness = try AuthHarness(.sqlite, port: Self.freePort())
        try harness.createUser("rita")
        harness.clock.advance(-250)  // this login's second factor is 250 s old when the router sees it
        let (old, secret) = try harness.enrollFirstFactor("rita")
        harness.clock.advance(250)
        let fresh = try harness.loginWithFactor("rita", secret: secret)

        let routerPort = Self.freePort()
        let router = Process()
        router.executableURL = URL(fileURLWithPath: Self.binary)
        router.arguments = ["--issuer", "http://127.0.0.1:\(harness.port)/realms/\(harness.realm)", "--audience", "rcm-core",
                            "--listen", "127.0.0.1:\(routerPort)", "--max-age", "200"]
        router.standardError = FileHandle.nullDevice
        try router.run()
        defer { router.terminate(); router.waitUntilExit() }
        var whoami: TestResponse?
        for _ in 0..<100 where whoami == nil {
            whoami = try? HTTPTestClient.request(port: routerPort, target: "/api/whoami",
                                                 headers: [("Authorization", "Bearer \(try fresh.string("access_token"))")], timeout: 2)
            if whoami == nil { usleep(50_000) }
        }
        #expect(whoami?.status == 200)
        #expect(whoami?.json["realm"] as? String == harness.realm)

        let stale = try HTTPTestClient.request(port: routerPort, method: "POST", target: "/api/sensitive",
                                               headers: [("Authorization", "Bearer \(try old.string("access_token"))")])
        #expect(stale.status == 401)
        #expect(stale.header("WWW-Authenticate")?.hasPrefix(#"Bearer error="insufficient_user_authentication""#) == true)
        #expect(stale.header("WWW-Authenticate")?.hasSuffix("max_age=200") == true)
        let ok = try HTTPTestClient.request(port: routerPort, method: "POST", target: "/api/sensitive",
                                            headers: [("Authorization", "Bearer \(try fresh.string("access_token"))")])
        #expect(ok.status == 200)
        let forged = try HTTPTestClient.request(port: routerPort, target: "/api/whoami", headers: [("Authorization", "Bearer abc.def.ghi")])
        #expect(forged.status == 401)
    }
}
