import AuthCore
import Cryptography
import Foundation
import GatehouseTestSupport
@testable import GatehouseServer
import JOSE
import RecoveryCodeFactor
import Synchronization

/// A factor plugin that lives in the tests (the built-in factors arrive with their own issues):
/// enrolment hands out a secret; a challenge hands out a nonce; the answer is `secret:nonce`.
struct TestCodeFactor: FactorProvider {
    let descriptor = FactorDescriptor(kind: "test-code", amr: ["otp"], selfEnrollable: true, stepUpCapable: true)

    func beginEnrollment(_ context: FactorContext) throws -> EnrollmentStart {
        let secret = Base64URL.encode(context.random.bytes(16))
        return EnrollmentStart(response: .object(["secret": .string(secret)]), pending: Array(secret.utf8))
    }

    func finishEnrollment(_ context: FactorContext, pending: [UInt8], answer: JSONValue) throws -> EnrollmentOutcome {
        guard answer["code"]?.stringValue.map({ Array($0.utf8) }) == pending else { return .rejected(reason: "wrong code") }
        let id = Base64URL.encode(context.random.bytes(12))
        let sealed = try context.sealer.seal(SecretBytes(pending), context: "test-code:" + id)
        return .enrolled(FactorCredential(id: id, userID: context.userID, kind: descriptor.kind, data: sealed, createdAt: context.now),
                         secrets: [], response: .emptyObject)
    }

    func challenge(_ context: FactorContext, credentials: [FactorCredential]) throws -> FactorChallenge {
        let nonce = Base64URL.encode(context.random.bytes(8))
        return FactorChallenge(response: .object(["nonce": .string(nonce)]), pending: Array(nonce.utf8))
    }

    func verify(_ context: FactorContext, credentials: [FactorCredential], pending: [UInt8]?, answer: JSONValue) throws -> Verification {
        guard let pending, let code = answer["code"]?.stringValue else { return .rejected(reason: "no challenge or code") }
        for credential in credentials {
            let secret = try context.sealer.open(credential.data, context: "test-code:" + credential.id)
            let expected = secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } + ":" + String(decoding: pending, as: UTF8.self)
            if ConstantTime.equals(Array(expected.utf8), Array(code.utf8)) {
                _ = try context.credentials.updateCredentialData(id: credential.id, expectedVersion: credential.version,
                                                                 data: credential.data, usedAt: context.now)
                return .accepted(credentialID: credential.id, amr: descriptor.amr)
            }
        }
        return .rejected(reason: "wrong code")
    }
}

/// A clock tests move by hand: it starts at the wall clock and stands still otherwise, so a test that
/// compares a timestamp with `now` does not depend on whether a second ticked in between.
final class TestClock: Sendable {
    private let seconds = Mutex<Int64>(Int64(Date().timeIntervalSince1970))
    var now: Int64 { seconds.withLock { $0 } }
    func advance(_ delta: Int64) { seconds.withLock { $0 += delta } }
}

/// A running Gatehouse with the test factor (and, when asked, the built-in TOTP and recovery-code plugins),
/// on SQLite or PostgreSQL, and helpers to drive it over HTTP.
final class AuthHarness: @unchecked Sendable {
    let gatehouse: Gatehouse
    let clock = TestClock()
    let directory = TemporaryDirectory()
    let realm: String
    let port: UInt16
    let log = LineLog()

    enum Backend: String, CaseIterable, CustomStringConvertible {
        case sqlite, postgres
        var description: String { rawValue }
        static var postgresURL: String? { ProcessInfo.processInfo.environment["GATEHOUSE_TEST_POSTGRES_URL"] }
        static var available: [Backend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }
    }

    /// - Parameter port: a fixed port, so issuers carry the real address (0: any free port, issuer says `:0`).
    init(_ backend: Backend, builtInFactors: Bool = false, factors: [any FactorProvider] = [], port: UInt16 = 0,
         configure: (inout GatehouseConfiguration) -> Void = { _ in }) throws {
        var environment = ["GATEHOUSE_DATA_DIR": directory.path, "GATEHOUSE_LISTEN": "127.0.0.1:\(port)"]
        if backend == .postgres { environment["GATEHOUSE_DATABASE_URL"] = Backend.postgresURL }
        var configuration = try GatehouseConfiguration.load(file: nil, environment: environment)
        if backend == .postgres {
            // Instances sharing a database must share the sealing key (as in production): the
            // platform realm lives in the one master database every harness uses.
            let port = Backend.postgresURL?.split(separator: ":").last?.split(separator: "/").first ?? "pg"
            configuration.sealingKeyFile = FileManager.default.temporaryDirectory.path + "/gatehouse-test-sealing-\(port).key"
        }
        configuration.passwordHashing = Argon2id.Parameters(memoryKiB: 8192, iterations: 1, parallelism: 1)
        // Tests that probe many wrong answers are not about the cross-flow factor throttle; the one that is sets it back.
        configuration.factorFailuresBeforeLock = 10_000
        configuration.recoveryCodes = .insecureLowCost(4)
        configuration.introspectionClients = [Self.introspectionClient.id: Hex.encode(Digest.sha256(Array(Self.introspectionClient.secret.utf8)))]
        configure(&configuration)
        let clock = self.clock, log = self.log
        gatehouse = try Gatehouse(configuration: configuration, log: { line in log.append(line) },
                                  factors: [TestCodeFactor()] + factors, builtInFactors: builtInFactors, now: { clock.now })
        try gatehouse.start()
        self.port = gatehouse.server.port
        realm = "t" + Base64URL.encode(SecureRandom.bytes(6)).lowercased().filter { $0.isLetter || $0.isNumber }
        try gatehouse.services.realms.create(id: realm, name: "Test \(realm)", now: clock.now)
    }

    deinit {
        gatehouse.shutdown()
        directory.remove()
    }

    var logLines: [String] { log.lines }

    @discardableResult
    func createUser(_ username: String, password: String = "correct horse battery", realm: String? = nil,
                    roles: [String] = []) throws -> User {
        let context = try gatehouse.services.realms.realm(realm ?? self.realm)
        return try gatehouse.services.users.create(realm: context, username: username, password: SecretBytes(utf8: password),
                                                   email: nil, roles: roles.map(Role.init), client: nil)
    }

    // MARK: HTTP

    func post(_ path: String, json: Any? = nil, bearer: String? = nil, form: [String: String]? = nil) throws -> TestResponse {
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        if let json {
            headers.append(("Content-Type", "application/json"))
            body = Array(try JSONSerialization.data(withJSONObject: json))
        }
        if let form {
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            body = Array(form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&").utf8)
        }
        if let bearer { headers.append(("Authorization", "Bearer \(bearer)")) }
        return try HTTPTestClient.request(port: port, method: "POST", target: path, headers: headers, body: body)
    }

    func get(_ path: String, bearer: String? = nil) throws -> TestResponse {
        try HTTPTestClient.request(port: port, target: path, headers: bearer.map { [("Authorization", "Bearer \($0)")] } ?? [])
    }

    func delete(_ path: String, bearer: String) throws -> TestResponse {
        try HTTPTestClient.request(port: port, method: "DELETE", target: path, headers: [("Authorization", "Bearer \(bearer)")])
    }

    var api: String { "/api/v1/realms/\(realm)" }

    /// The resource server every harness lets call introspection.
    static let introspectionClient = (id: "test-rs", secret: "a long random secret of the test resource server")

    /// RFC 7662 introspection as a resource server (HTTP Basic); `basic` overrides the credentials sent.
    func introspect(_ token: String, realm: String? = nil, basic: String? = nil) throws -> TestResponse {
        let credentials = basic ?? Data("\(Self.introspectionClient.id):\(Self.introspectionClient.secret)".utf8).base64EncodedString()
        let body = Array("token=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")".utf8)
        return try HTTPTestClient.request(port: port, method: "POST", target: "/realms/\(realm ?? self.realm)/oauth2/introspect",
                                          headers: [("Content-Type", "application/x-www-form-urlencoded"),
                                                    ("Authorization", "Basic \(credentials)")], body: body)
    }

    /// Password step: the flow JSON.
    func login(_ username: String, password: String = "correct horse battery", realm: String? = nil) throws -> TestResponse {
        try post("/api/v1/realms/\(realm ?? self.realm)/login", json: ["username": username, "password": password])
    }

    /// A first login that enrols the test factor; returns (tokens JSON, the enrolled secret).
    func enrollFirstFactor(_ username: String) throws -> (tokens: [String: Any], secret: String) {
        let flow = try login(username).json
        let flowID = try flow.string("flow_id")
        let begin = try post("\(api)/login/\(flowID)/enroll/test-code").json
        let secret = try begin.string("secret")
        let tokens = try post("\(api)/login/\(flowID)/enroll/test-code/finish", json: ["code": secret]).json
        return (tokens, secret)
    }

    /// A login with the test factor; returns the tokens JSON.
    func loginWithFactor(_ username: String, secret: String) throws -> [String: Any] {
        let flowID = try login(username).json.string("flow_id")
        return try answerFactor(flowID: flowID, secret: secret).json
    }

    /// Challenge then answer; a refused challenge is returned as it came.
    func answerFactor(flowID: String, secret: String) throws -> TestResponse {
        let challenge = try post("\(api)/login/\(flowID)/test-code/challenge")
        guard challenge.status == 200 else { return challenge }
        return try post("\(api)/login/\(flowID)/test-code", json: ["code": "\(secret):\(try challenge.json.string("nonce"))"])
    }

    /// The claims of a compact JWS, unverified (tests check what was issued).
    static func claims(_ token: String) -> [String: Any] {
        let parts = token.split(separator: ".")
        guard parts.count == 3, let payload = try? Base64URL.decode(String(parts[1])) else { return [:] }
        return (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any] ?? [:]
    }

    static func header(_ token: String) -> [String: Any] {
        guard let part = token.split(separator: ".").first, let bytes = try? Base64URL.decode(String(part)) else { return [:] }
        return (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }
}

/// Log lines a server under test wrote.
final class LineLog: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    var lines: [String] { storage.withLock { $0 } }
}

struct MissingMember: Error, CustomStringConvertible {
    let name: String
    var description: String { "the response has no string member '\(name)'" }
}

extension Dictionary where Key == String, Value == Any {
    /// A string member, or a thrown error naming it (a failed test, not a crash).
    func string(_ name: String) throws -> String {
        guard let value = self[name] as? String else { throw MissingMember(name: name) }
        return value
    }
}
