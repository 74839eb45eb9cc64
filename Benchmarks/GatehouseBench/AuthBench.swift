import Cryptography
import Foundation
import GatehouseServer
import GatehouseTestSupport

/// Login overhead against argon2id alone, unknown-user timing parity, and introspection throughput.
enum AuthBench {
    static let rounds = 3
    static let perRound = 15  // 3 × 15 unknown-user failures stay under the 50-per-address lock

    static func run(scratch: String) {
        var configuration = GatehouseConfiguration()
        configuration.dataDirectory = scratch + "/auth"
        configuration.http.port = 0
        configuration.http.rateLimitPerMinute = 10_000_000
        // Logins run in `bench` (second factor required: the password step answers with a flow, as in production);
        // `bench-tokens` issues tokens straight after the password, to have a token for introspection.
        var tokensRealm = RealmOverride()
        tokensRealm.secondFactorRequired = false
        configuration.realmOverrides["bench-tokens"] = tokensRealm
        let client = (id: "bench-rs", secret: "bench resource server secret")
        configuration.introspectionClients = [client.id: Hex.encode(Digest.sha256(Array(client.secret.utf8)))]
        let gatehouse = try! Gatehouse(configuration: configuration, log: { _ in })
        try! gatehouse.start()
        defer { gatehouse.shutdown() }
        let port = gatehouse.server.port
        let password = "correct horse battery staple"
        try! gatehouse.createRealm(id: "bench", name: "Bench")
        try! gatehouse.createRealm(id: "bench-tokens", name: "Bench tokens")
        try! gatehouse.createUser(realm: "bench", username: "ann", password: SecretBytes(utf8: password))
        try! gatehouse.createUser(realm: "bench-tokens", username: "ann", password: SecretBytes(utf8: password))
        let hash = try! Argon2id.hash(password: SecretBytes(utf8: password), parameters: configuration.passwordHashing)

        func login(_ username: String, realm: String = "bench") -> TestResponse {
            let body = Array(#"{"username":"\#(username)","password":"\#(password)"}"#.utf8)
            return try! HTTPTestClient.request(port: port, method: "POST", target: "/api/v1/realms/\(realm)/login",
                                               headers: [("Content-Type", "application/json")], body: body)
        }
        var argon: [Double] = [], pooled: [Double] = [], known: [Double] = [], unknown: [Double] = []
        var counter = 0
        for _ in 0..<rounds {
            argon.append(timePer(perRound) { _ = try! Argon2id.verify(password: SecretBytes(utf8: password), against: hash) })
            pooled.append(timePer(perRound) {
                _ = try! gatehouse.hashing.run { try Argon2id.verify(password: SecretBytes(utf8: password), against: hash) }
            })
            known.append(timePer(perRound) { precondition(login("ann").status == 200) })
            unknown.append(timePer(perRound) {
                counter += 1
                precondition(login("nobody\(counter)").status == 401)
            })
        }
        let a = median(argon), p = median(pooled), k = median(known), u = median(unknown)
        print("## Login (password step) against argon2id alone (m=\(configuration.passwordHashing.memoryKiB) KiB, t=\(configuration.passwordHashing.iterations), p=\(configuration.passwordHashing.parallelism); \(rounds) rounds × \(perRound), alternating)\n")
        print("| operation | ms per call (median) | ratio to argon2id |\n| --- | --- | --- |")
        print("| argon2id verify alone (this thread) | \(ms(a)) | 1.00 |")
        print("| argon2id verify on the hashing pool | \(ms(p)) | \(ratio(p, a)) |")
        print("| POST /login, known user (HTTP, JSON, lookup, hashing pool, factor lookup, flow insert) | \(ms(k)) | \(ratio(k, a)) |")
        print("| POST /login, unknown user (dummy hash, throttle, 1 audit record) | \(ms(u)) | \(ratio(u, a)) |")
        print("\nunknown / known: \(ratio(u, k))\n")

        let tokens = login("ann", realm: "bench-tokens").json
        let access = tokens["access_token"] as! String
        let basic = Data("\(client.id):\(client.secret.replacingOccurrences(of: " ", with: "+"))".utf8).base64EncodedString()
        let probe = try! HTTPTestClient.request(port: port, method: "POST", target: "/realms/bench-tokens/oauth2/introspect",
                                                headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Authorization", "Basic \(basic)")],
                                                body: Array("token=\(access)".utf8))
        precondition(probe.json["active"] as? Bool == true, "introspection must answer the benchmark's client")
        let output = Bench.shell("wrk -t1 -c16 -d\(Bench.seconds)s -s \(Bench.root)/introspect.lua http://127.0.0.1:\(port)/realms/bench-tokens/oauth2/introspect -- \(access) \(basic)")
        let rate = output.split(separator: "\n").first { $0.contains("Requests/sec:") }.map { String($0) } ?? "?"
        print("## Introspection (RFC 7662, wrk -t1 -c16 -d\(Bench.seconds)s)\n\n\(rate.trimmingCharacters(in: .whitespaces))\n")
    }

    static func timePer(_ count: Int, _ body: () -> Void) -> Double {
        let start = Date()
        for _ in 0..<count { body() }
        return Date().timeIntervalSince(start) / Double(count)
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    static func ms(_ seconds: Double) -> String { String(format: "%.2f", seconds * 1000) }
    static func ratio(_ a: Double, _ b: Double) -> String { String(format: "%.2f", a / b) }
}
