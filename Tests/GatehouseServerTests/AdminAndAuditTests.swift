import AuthCore
import AuthStorage
import Foundation
import GatehouseTestSupport
@testable import GatehouseServer
import Testing

@Suite("Operator API and the audit chain")
struct AdminAndAuditTests {
    @Test("operators manage users of any realm; others are refused", arguments: AuthHarness.Backend.available)
    func adminAPI(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend)
        let operatorName = "op-" + harness.realm
        try harness.createUser(operatorName, realm: "platform", roles: ["operator"])
        let flow = try harness.login(operatorName, realm: "platform").json.string("flow_id")
        let begin = try harness.post("/api/v1/realms/platform/login/\(flow)/enroll/test-code").json
        let token = try harness.post("/api/v1/realms/platform/login/\(flow)/enroll/test-code/finish",
                                     json: ["code": begin.string("secret")]).json.string("access_token")
        let users = "/api/v1/admin/realms/\(harness.realm)/users"
        let created = try harness.post(users, json: ["username": "kim", "password": "a long enough password", "email": "kim@example.com"],
                                       bearer: token)
        #expect(created.status == 201)
        #expect(created.json["roles"] as? [String] == ["user"])
        #expect(try harness.post(users, json: ["username": "KIM", "password": "a long enough password"], bearer: token).status == 409)
        #expect(try harness.post(users, json: ["username": "lee", "password": "short"], bearer: token).status == 400)
        #expect(try harness.post(users, json: ["username": "lee", "password": "a long enough password", "roles": ["operator"]],
                                 bearer: token).status == 400)
        let listed = try harness.get(users, bearer: token).json["users"] as? [[String: Any]] ?? []
        #expect(listed.map { $0["username"] as? String } == ["kim"])
        #expect(try harness.post("\(users)/kim/disable", bearer: token).json["disabled"] as? Bool == true)
        #expect(try harness.login("kim", password: "a long enough password").status == 401)
        #expect(try harness.delete("\(users)/kim", bearer: token).status == 204)

        // A tenant user's token is not an operator's.
        try harness.createUser("mo")
        let (tenantTokens, _) = try harness.enrollFirstFactor("mo")
        #expect(try harness.get(users, bearer: tenantTokens.string("access_token")).status == 401)
        #expect(try harness.get(users).status == 401)
    }

    @Test("every login leaves a chained audit record; editing, deleting or reordering one is detected")
    func auditChain() throws {
        let harness = try AuthHarness(.sqlite)
        try harness.createUser("nia")
        _ = try harness.enrollFirstFactor("nia")
        _ = try harness.login("nia", password: "wrong password guess")
        let realm = try harness.gatehouse.services.realms.realm(harness.realm)
        let records = try realm.store.auditRecords()
        let types = records.map(\.event.type)
        for expected in [EventType.userCreated, EventType.factorEnrolled, EventType.loginSucceeded, EventType.tokenIssued, EventType.loginFailed] {
            #expect(types.contains(expected), "missing \(expected)")
        }
        #expect(AuditChain.verify(records) == nil)
        // Events carry no secrets.
        #expect(!records.map { "\($0.event.details)" }.joined().contains("correct horse"))

        var edited = records
        let victim = edited[2]
        edited[2] = AuditRecord(sequence: victim.sequence, event: SecurityEvent(type: "login.succeeded", realm: victim.event.realm,
                                at: victim.event.at), previousHash: victim.previousHash, hash: victim.hash)
        #expect(AuditChain.verify(edited)?.sequence == victim.sequence)
        var deleted = records
        deleted.remove(at: 3)
        #expect(AuditChain.verify(deleted)?.sequence == records[4].sequence)
        var reordered = records
        reordered.swapAt(1, 2)
        #expect(AuditChain.verify(reordered) != nil)
    }

    @Test("`gatehouse audit export` prints the chain as JSON lines that Python alone can recheck; a selection still reports on the whole chain",
          .enabled(if: VenvPython.available, "needs the test venv (make test creates it)"))
    func auditExport() throws {
        let harness = try AuthHarness(.sqlite)
        try harness.createUser("oli")
        _ = try harness.enrollFirstFactor("oli")
        _ = try harness.login("oli", password: "wrong password guess")
        let records = try harness.gatehouse.services.realms.realm(harness.realm).store.auditRecords()
        let environment = ["GATEHOUSE_DATA_DIR": harness.directory.path]
        func export(_ flags: [String]) throws -> GatehouseProcess.Outcome {
            try GatehouseProcess.run(["audit", "export", "--realm", harness.realm] + flags, environment: environment)
        }

        let all = try export([])
        #expect(all.status == 0, "\(all.error)")
        #expect(all.error.contains("intact: \(records.count) records, head \(records.last?.hash ?? "")"))
        #expect(all.output.split(separator: "\n").count == records.count)
        #expect(!all.output.contains("correct horse") && !all.output.contains("wrong password"))
        // An auditor's own check, with nothing of ours: hashlib and json.
        let verdict = try VenvPython.run("""
            import hashlib, json, sys
            previous, count = "0" * 64, 0
            for line in sys.argv[1].split("\\n"):
                if not line:
                    continue
                record = json.loads(line)
                claimed_previous, claimed = record.pop("previous_hash"), record.pop("hash")
                assert claimed_previous == previous, ("link", record["seq"])
                canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                assert hashlib.sha256((previous + canonical).encode()).hexdigest() == claimed, ("hash", record["seq"])
                previous, count = claimed, count + 1
            print("ok", count, previous)
            """, arguments: [all.output])
        #expect(verdict == "ok \(records.count) \(records.last?.hash ?? "")")

        // A selection: only failed logins; nothing after a future date; a bad date is a usage error.
        let failed = try export(["--type", "login.failed"])
        #expect(failed.output.split(separator: "\n").count == records.filter { $0.event.type == EventType.loginFailed }.count)
        #expect(failed.output.contains("\"type\":\"login.failed\"") && failed.error.contains("intact"))
        let none = try export(["--since", "2100-01-01T00:00:00Z"])
        #expect(none.status == 0 && none.output.isEmpty && none.error.contains("0 exported"))
        #expect(try export(["--since", "yesterday"]).status == 2)
        #expect(try export(["--type", "login.failled"]).error.contains("no record of type 'login.failled'"))
        // Output that cannot be written (a full disk) fails the command instead of claiming an export.
        let full = Process()
        full.executableURL = URL(fileURLWithPath: GatehouseProcess.binary)
        full.arguments = ["audit", "export", "--realm", harness.realm]
        full.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GATEHOUSE_") }.merging(environment) { $1 }
        full.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        full.standardError = FileHandle.nullDevice
        try full.run()
        full.waitUntilExit()
        #expect(full.terminationStatus == 1)

        // An edited record: every export, whatever it selects, says the chain is broken and fails.
        let database = try #require(try harness.gatehouse.services.realms.realm(harness.realm).store as? SQLRealmStore).database
        try database.transaction { try $0.execute("UPDATE audit_log SET details = $1 WHERE sequence = $2", ["{}", .integer(records[1].sequence)]) }
        let broken = try export(["--type", "login.failed"])
        #expect(broken.status == 1)
        #expect(broken.error.contains("BROKEN at record \(records[1].sequence)"))
    }
}
