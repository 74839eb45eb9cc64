import Foundation
import GatehouseTestSupport
@testable import GatehouseServer
import Synchronization
import Testing

@Suite("Single use under concurrency, over HTTP")
struct FactorRaceTests {
    /// Sends every (flow, body) pair at once from its own thread; returns the statuses.
    static func simultaneously(_ harness: AuthHarness, kind: String, flows: [String], code: String) -> [Int] {
        let statuses = Mutex<[Int]>([])
        let api = harness.api
        DispatchQueue.concurrentPerform(iterations: flows.count) { index in
            let status = (try? harness.post("\(api)/login/\(flows[index])/\(kind)", json: ["code": code]).status) ?? -1
            statuses.withLock { $0.append(status) }
        }
        return statuses.withLock { $0 }
    }

    @Test("two simultaneous submissions of one valid TOTP code succeed exactly once", arguments: AuthHarness.Backend.available)
    func totpReplayRace(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend, builtInFactors: true)
        try harness.createUser("rae")
        let secret = try harness.enrollTOTP("rae").secret
        for round in 0..<5 {
            harness.clock.advance(30)
            let flows = try (0..<2).map { _ in try harness.login("rae").json.string("flow_id") }
            let statuses = Self.simultaneously(harness, kind: "totp", flows: flows, code: try harness.totp(secret))
            #expect(statuses.sorted() == [200, 401], "round \(round): \(statuses)")
        }
    }

    @Test("50 simultaneous redemptions of one recovery code succeed exactly once", arguments: AuthHarness.Backend.available)
    func recoveryCodeRace(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend, builtInFactors: true) { configuration in
            configuration.hashingQueueLimit = 200
        }
        try harness.createUser("sol")
        let codes = try #require(try harness.enrollTOTP("sol").tokens.json["recovery_codes"] as? [String])
        let flows = try (0..<50).map { _ in try harness.login("sol").json.string("flow_id") }
        let statuses = Self.simultaneously(harness, kind: "recovery_code", flows: flows, code: codes[4])
        #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
        #expect(statuses.filter { $0 == 401 }.count == 49, "\(statuses)")
        let access = try harness.loginAnswering("sol", kind: "recovery_code", code: codes[5]).json.string("access_token")
        let factors = try harness.get("\(harness.api)/me/factors", bearer: access).json["factors"] as? [[String: Any]] ?? []
        let recovery = factors.first { $0["kind"] as? String == "recovery_code" }
        #expect((recovery?["details"] as? [String: Any])?["remaining"] as? Int == 8)
    }
}
