import GatehouseTestSupport
@testable import HTTPServer
import Synchronization
import Testing

@Suite("Per-IP rate limit on /api/*")
struct RateLimitTests {
    @Test func the1001stRequestInAMinuteGets429() throws {
        let server = try TestServer { router in
            router.add("GET", "/api/v1/ping", execution: .inline) { _ in .text("pong") }
            router.add("GET", "/healthz", execution: .inline) { _ in .text("ok") }
        }
        for index in 1...1000 {
            let response = try server.get("/api/v1/ping")
            guard response.status == 200 else {
                Issue.record("request \(index) got \(response.status)")
                return
            }
            if index == 1000 { #expect(response.header("RateLimit-Remaining") == "0") }
        }
        let refused = try server.get("/api/v1/ping")
        #expect(refused.status == 429)
        #expect(refused.header("Content-Type") == "application/problem+json")
        #expect(refused.header("RateLimit-Limit") == "1000")
        #expect(refused.header("RateLimit-Remaining") == "0")
        let retryAfter = Int(refused.header("Retry-After") ?? "") ?? 0
        #expect((1...61).contains(retryAfter))
        #expect(refused.header("RateLimit-Reset") == refused.header("Retry-After"))
        // Outside /api/* nothing is limited.
        #expect(try server.get("/healthz").status == 200)
        #expect(server.server.metrics.render().contains("gatehouse_http_rate_limited_total 1"))
    }

    static func limited(trusting proxies: [String]) throws -> TestServer {
        try TestServer(configure: { configuration in
            configuration.rateLimitPerMinute = 3
            configuration.trustedProxies = proxies.compactMap(CIDR.init)
        }) { router in
            router.add("GET", "/api/v1/whoami", execution: .inline) { request in .text(request.clientAddress) }
        }
    }

    @Test func trustedProxyForwardedAddressIsTheClient() throws {
        let server = try Self.limited(trusting: ["127.0.0.0/8", "10.0.0.0/8"])
        // The right-most address that is not a trusted proxy is the client.
        let response = try server.get("/api/v1/whoami", headers: [("X-Forwarded-For", "198.51.100.7, 203.0.113.9, 10.1.2.3")])
        #expect(response.text == "203.0.113.9")
        for _ in 0..<2 { _ = try server.get("/api/v1/whoami", headers: [("X-Forwarded-For", "203.0.113.9")]) }
        #expect(try server.get("/api/v1/whoami", headers: [("X-Forwarded-For", "203.0.113.9")]).status == 429)
        // Another forwarded client has its own budget.
        #expect(try server.get("/api/v1/whoami", headers: [("X-Forwarded-For", "203.0.113.10")]).status == 200)
    }

    @Test func untrustedPeerForwardedForIsIgnored() throws {
        let server = try Self.limited(trusting: [])
        let first = try server.get("/api/v1/whoami", headers: [("X-Forwarded-For", "203.0.113.1")])
        #expect(first.text == "127.0.0.1")
        _ = try server.get("/api/v1/whoami", headers: [("X-Forwarded-For", "203.0.113.2")])
        _ = try server.get("/api/v1/whoami", headers: [("X-Forwarded-For", "203.0.113.3")])
        // Rotating the header does not buy a new budget.
        #expect(try server.get("/api/v1/whoami", headers: [("X-Forwarded-For", "203.0.113.4")]).status == 429)
    }

    @Test func aRequestIsFreedWhenTheOldestCountedOneIsAMinuteOld() {
        let now = Mutex(1000.0)
        let limiter = RateLimiter(limit: 2, windowSeconds: 60, clock: { now.withLock { $0 } })
        #expect(limiter.check("a").allowed)
        now.withLock { $0 += 30 }
        #expect(limiter.check("a").allowed)
        let refused = limiter.check("a")
        #expect(!refused.allowed)
        #expect(refused.resetSeconds == 31, "the first request leaves the window 61 s after its slot began")
        now.withLock { $0 += 30.5 }
        #expect(!limiter.check("a").allowed, "1060.5: the first request is 60.5 s old, but its slot still counts")
        now.withLock { $0 += 0.5 }
        #expect(limiter.check("a").allowed, "1061: one request freed")
        let second = limiter.check("a")
        #expect(!second.allowed, "…and only one: the second still counts until 1091")
        #expect(second.resetSeconds == 30, "the oldest counted request is now the one of 1030")
        now.withLock { $0 += 30 }
        #expect(limiter.check("a").allowed)
    }

    @Test func noMinuteEverHoldsMoreThanTheLimitNotEvenAcrossABoundary() {
        let now = Mutex(0.0)
        let limiter = RateLimiter(limit: 1000, windowSeconds: 60, clock: { now.withLock { $0 } })
        now.withLock { $0 = 59.9 }
        for _ in 0..<1000 { #expect(limiter.check("burst").allowed) }
        now.withLock { $0 = 60.1 }
        #expect(!limiter.check("burst").allowed, "a fixed window would let 1000 more through here")

        // Random traffic over five minutes: every 60 s span of allowed requests holds at most the limit.
        var generator = SplitMix(state: 42)
        let random = RateLimiter(limit: 50, windowSeconds: 60, clock: { now.withLock { $0 } })
        var allowed: [Double] = []
        var time = 0.0
        while time < 300 {
            time += Double(generator.next() % 1000) / 1000 * 0.8
            now.withLock { $0 = time }
            if random.check("client").allowed { allowed.append(time) }
        }
        var start = 0
        for end in allowed.indices {
            while allowed[end] - allowed[start] >= 60 { start += 1 }
            #expect(end - start + 1 <= 50)
        }
        #expect(allowed.count > 200, "the limit is not far stricter than it says: \(allowed.count) allowed in 300 s")
    }

    @Test func memoryStaysBoundedUnderManyAddresses() {
        let now = Mutex(0.0)
        let limiter = RateLimiter(limit: 5, windowSeconds: 60, maxClients: 1000, clock: { now.withLock { $0 } })
        var allowed = 0
        for index in 0..<50_000 {
            if limiter.check("10.0.\(index / 256).\(index % 256)").allowed { allowed += 1 }
            #expect(limiter.trackedClients <= 1000)
        }
        // 1000 tracked clients got a window each; the other 49,000 shared one overflow window of 5.
        #expect(allowed == 1005)
        // Expired windows are dropped as time passes.
        now.withLock { $0 += 61 }
        _ = limiter.check("192.0.2.1")
        #expect(limiter.trackedClients == 1)
    }

    @Test func aFloodOfNewAddressesDoesNotResetTrackedClients() {
        let now = Mutex(0.0)
        let limiter = RateLimiter(limit: 3, windowSeconds: 60, maxClients: 100, clock: { now.withLock { $0 } })
        for _ in 0..<3 { #expect(limiter.check("192.0.2.1").allowed) }
        #expect(!limiter.check("192.0.2.1").allowed)
        now.withLock { $0 += 1 }
        for index in 0..<10_000 { _ = limiter.check("10.0.\(index / 256).\(index % 256)") }
        // The flood went to the overflow window: the limited client is still limited, not given a fresh window.
        #expect(!limiter.check("192.0.2.1").allowed)
        #expect(!limiter.check("198.51.100.1").allowed)   // a newcomer shares the exhausted overflow window
        #expect(limiter.trackedClients == 100)
        // Once the tracked clients' requests leave the window (a minute, plus the slot they fell in), newcomers
        // get their own counters again.
        now.withLock { $0 += 61 }
        #expect(limiter.check("198.51.100.1").allowed)
    }

    @Test func leavingTheOverflowCounterBuysNoFreshBudget() {
        let now = Mutex(0.0)
        let limiter = RateLimiter(limit: 2, windowSeconds: 60, maxClients: 1, clock: { now.withLock { $0 } })
        #expect(limiter.check("a").allowed)  // a fills the table
        now.withLock { $0 = 60.5 }
        var allowed = 0
        for _ in 0..<3 where limiter.check("b").allowed { allowed += 1 }  // b: counted in the overflow counter
        now.withLock { $0 = 70.5 }            // a is swept (idle for the whole window): b gets a counter of its own…
        for _ in 0..<3 where limiter.check("b").allowed { allowed += 1 }
        #expect(allowed == 2, "…which starts from the overflow's count, so b stays at 2 in any minute")
        #expect(limiter.trackedClients == 1)
    }

    @Test func ipv6ClientsShareTheirSlash64() throws {
        let server = try Self.limited(trusting: ["127.0.0.0/8"])
        for suffix in ["1", "2", "ffff:ffff:ffff"] {
            #expect(try server.get("/api/v1/whoami", headers: [("X-Forwarded-For", "2001:db8:1:2::\(suffix)")]).status == 200)
        }
        // Another address in the same /64 has no budget of its own.
        #expect(try server.get("/api/v1/whoami", headers: [("X-Forwarded-For", "2001:db8:1:2:aaaa::9")]).status == 429)
        // The next /64 does.
        #expect(try server.get("/api/v1/whoami", headers: [("X-Forwarded-For", "2001:db8:1:3::1")]).status == 200)
    }

    @Test(arguments: [
        ("203.0.113.9", "203.0.113.9"),
        ("::ffff:10.0.0.1", "10.0.0.1"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("::1", "::/64"),
    ])
    func rateLimitKey(address: String, expected: String) throws {
        #expect(try #require(IPAddress(address)).rateLimitKey == expected)
    }

    @Test(arguments: [
        ("10.0.0.1", ["203.0.113.5"], ["10.0.0.0/8"], "203.0.113.5"),
        ("10.0.0.1", ["not-an-ip, 203.0.113.5"], ["10.0.0.0/8"], "203.0.113.5"),
        ("10.0.0.1", ["garbage"], ["10.0.0.0/8"], "10.0.0.1"),
        ("10.0.0.1", ["10.0.0.2, 10.0.0.3"], ["10.0.0.0/8"], "10.0.0.2"),
        ("192.0.2.1", ["203.0.113.5"], ["10.0.0.0/8"], "192.0.2.1"),
        ("::ffff:10.0.0.1", ["2001:db8::1"], ["10.0.0.0/8"], "2001:db8::1"),
        ("::1", ["203.0.113.5"], ["::1/128"], "203.0.113.5"),
    ])
    func clientAddressResolution(peer: String, forwarded: [String], trusted: [String], expected: String) {
        let resolver = ClientAddressResolver(trustedProxies: trusted.compactMap(CIDR.init))
        #expect(resolver.resolve(peer: peer, forwardedFor: forwarded) == expected)
    }

    @Test func cidrParsing() {
        #expect(CIDR("10.0.0.0/8")?.contains(IPAddress("10.255.1.1")!) == true)
        #expect(CIDR("10.0.0.0/8")?.contains(IPAddress("11.0.0.1")!) == false)
        #expect(CIDR("192.168.1.7")?.prefixLength == 32)
        #expect(CIDR("10.0.0.0/33") == nil)
        #expect(CIDR("fe80::/10")?.contains(IPAddress("fe80::1")!) == true)
        #expect(CIDR("nonsense") == nil)
    }
}
