import AuthCore
import Cryptography
import Foundation

/// `gatehouse realm …`, `user …`, `keys …` and `audit …`: operator work on the stores, without the HTTP server.
enum AdminCommands {
    typealias Command = GatehouseCommand.Command
    typealias Options = GatehouseCommand.Options
    static let ok = GatehouseCommand.ExitCode.success
    static let failed = GatehouseCommand.ExitCode.failure

    static let all: [Command] = [
        Command(name: "realm create", summary: "Create a tenant realm.", usage: "gatehouse realm create --id ID --name NAME [--config FILE]",
                valued: ["--id", "--name"], required: ["--id", "--name"], action: { options, configuration in
            withServices(configuration) { services in
                try services.realms.create(id: options.value("--id")!, name: options.value("--name")!, now: services.environment.now())
                print("realm \(options.value("--id")!) created")
            }
        }),
        Command(name: "realm list", summary: "List realms.", usage: "gatehouse realm list [--config FILE]", action: { _, configuration in
            withServices(configuration) { services in
                for realm in try services.realms.list() { print("\(realm.id)\t\(realm.status)\t\(realm.name)") }
            }
        }),
        Command(name: "user create", summary: "Create a user; the password is read from standard input.",
                usage: "gatehouse user create --realm R --username U --password-stdin [--role ROLE]… [--email E] [--config FILE]",
                valued: ["--realm", "--username", "--role", "--email"], repeatable: ["--role"], switches: ["--password-stdin"],
                required: ["--realm", "--username", "--password-stdin"], action: { options, configuration in
            withServices(configuration) { services in
                var input = FileHandle.standardInput.readDataToEndOfFile()
                if input.last == UInt8(ascii: "\n") { input.removeLast() }
                if input.last == UInt8(ascii: "\r") { input.removeLast() }
                let password = SecretBytes(input)
                input.resetBytes(in: 0..<input.count)
                let realm = try services.realms.realm(options.value("--realm")!)
                let user = try services.users.create(realm: realm, username: options.value("--username")!, password: password,
                                                     email: options.value("--email"), roles: options.all("--role").map(Role.init), client: nil)
                print("user \(user.username) created in \(realm.id) (id \(user.id), roles \(user.roles.map(\.name).joined(separator: " ")))")
            }
        }),
        Command(name: "user list", summary: "List a realm's users.", usage: "gatehouse user list --realm R [--config FILE]",
                valued: ["--realm"], required: ["--realm"], action: { options, configuration in
            withServices(configuration) { services in
                let realm = try services.realms.realm(options.value("--realm")!)
                for user in try realm.store.users() {
                    print("\(user.username)\t\(user.disabled ? "disabled" : "active")\t\(user.roles.map(\.name).joined(separator: ","))\t\(user.id)")
                }
            }
        }),
        Command(name: "user disable", summary: "Disable a user's sign-in.", usage: "gatehouse user disable --realm R --username U [--config FILE]",
                valued: ["--realm", "--username"], required: ["--realm", "--username"], action: { options, configuration in
            withServices(configuration) { services in
                let realm = try services.realms.realm(options.value("--realm")!)
                _ = try services.users.disable(realm: realm, username: options.value("--username")!, client: nil)
                print("user \(options.value("--username")!) disabled")
            }
        }),
        Command(name: "keys rotate", summary: "Rotate a realm's signing key now.", usage: "gatehouse keys rotate --realm R [--config FILE]",
                valued: ["--realm"], required: ["--realm"], action: { options, configuration in
            withServices(configuration) { services in
                let realm = try services.realms.realm(options.value("--realm")!)
                print("active key: \(try services.keys.rotate(realm))")
            }
        }),
        Command(name: "keys revoke", summary: "Withdraw a realm's signing key at once (it may have leaked).",
                usage: "gatehouse keys revoke --realm R --kid KID [--config FILE]", valued: ["--realm", "--kid"],
                required: ["--realm", "--kid"], action: { options, configuration in
            withServices(configuration) { services in
                let realm = try services.realms.realm(options.value("--realm")!)
                let active = try services.keys.revoke(realm, kid: options.value("--kid")!)
                print("revoked \(options.value("--kid")!); active key: \(active)")
            }
        }),
        Command(name: "keys list", summary: "List a realm's signing keys and their states.", usage: "gatehouse keys list --realm R [--config FILE]",
                valued: ["--realm"], required: ["--realm"], action: { options, configuration in
            withServices(configuration) { services in
                let realm = try services.realms.realm(options.value("--realm")!)
                for key in try services.keys.keys(realm) {
                    let retires = key.retiresAt.map { " retires \(date($0))" } ?? ""
                    print("\(key.kid)\t\(key.algorithm)\t\(key.state.rawValue)\tactivates \(date(key.activatesAt))\(retires)")
                }
            }
        }),
        Command(name: "audit verify", summary: "Check a realm's audit chain for edited, reordered or deleted records.",
                usage: "gatehouse audit verify --realm R [--config FILE]", valued: ["--realm"], required: ["--realm"],
                action: { options, configuration in
            var status = ok
            let ran = withServices(configuration) { services in
                let realm = try services.realms.realm(options.value("--realm")!)
                let records = try realm.store.auditRecords()
                if let finding = AuditChain.verify(records) {
                    GatehouseCommand.printError("audit chain of \(realm.id) is BROKEN at \(finding)")
                    status = failed
                } else {
                    print("audit chain of \(realm.id) intact: \(records.count) records, head \(records.last?.hash ?? AuditChain.genesis)")
                }
            }
            return ran == ok ? status : ran
        }),
        Command(name: "audit export", summary: "Print a realm's audit records as JSON lines with their hashes, as evidence.",
                usage: "gatehouse audit export --realm R [--since ISO8601] [--until ISO8601] [--type TYPE]… [--config FILE]",
                valued: ["--realm", "--since", "--until", "--type"], repeatable: ["--type"], required: ["--realm"],
                action: { options, configuration in
            var bounds: [Int64?] = []
            for flag in ["--since", "--until"] {
                guard let text = options.value(flag) else { bounds.append(nil); continue }
                guard let date = ISO8601DateFormatter().date(from: text) else {
                    GatehouseCommand.printError("gatehouse audit export: \(flag) must be ISO 8601, such as 2026-10-01T00:00:00Z")
                    return GatehouseCommand.ExitCode.usage
                }
                bounds.append(Int64(date.timeIntervalSince1970))
            }
            let types = Set(options.all("--type"))
            var status = ok
            let ran = withServices(configuration) { services in
                let realm = try services.realms.realm(options.value("--realm")!)
                let records = try realm.store.auditRecords()
                var exported = 0
                for record in records where (bounds[0].map { record.event.at >= $0 } ?? true)
                    && (bounds[1].map { record.event.at < $0 } ?? true) && (types.isEmpty || types.contains(record.event.type)) {
                    // A lost write (a full disk, a closed pipe) fails the command instead of claiming an export.
                    try FileHandle.standardOutput.write(contentsOf: Data((AuditChain.evidence(record).jsonText + "\n").utf8))
                    exported += 1
                }
                for type in types.sorted() where !records.contains(where: { $0.event.type == type }) {
                    GatehouseCommand.printError("gatehouse audit export: no record of type '\(type)' in \(realm.id)")
                }
                // The whole chain is checked, whatever was selected: the summary says whether the evidence holds.
                if let finding = AuditChain.verify(records) {
                    GatehouseCommand.printError("audit chain of \(realm.id) is BROKEN at \(finding); \(exported) records exported")
                    status = failed
                } else {
                    GatehouseCommand.printError("audit chain of \(realm.id) intact: \(records.count) records, head "
                        + "\(records.last?.hash ?? AuditChain.genesis); \(exported) exported")
                }
            }
            return ran == ok ? status : ran
        }),
        Command(name: "mds refresh", summary: "Verify and install a FIDO MDS3 BLOB; untrust credentials of models it now refuses.",
                usage: "gatehouse mds refresh (--file F | --url U) --crl F… [--root-pem F] [--verify-at ISO8601] [--allow-stale] [--config FILE]",
                valued: ["--file", "--url", "--crl", "--root-pem", "--verify-at"], repeatable: ["--crl"], switches: ["--allow-stale"],
                action: { options, configuration in MetadataCommands.refresh(options, configuration) }),
        Command(name: "mds status", summary: "Show the installed FIDO MDS3 BLOB.", usage: "gatehouse mds status [--config FILE]",
                action: { _, configuration in MetadataCommands.status(configuration) }),
    ]

    /// Builds the engine over the configured stores (no HTTP), runs `body`, reports errors without secrets.
    static func withServices(_ configuration: GatehouseConfiguration, _ body: (AuthServices) throws -> Void) -> Int32 {
        withGatehouse(configuration) { try body($0.services) }
    }

    /// Builds the whole server (not listening), runs `body`, reports errors without secrets.
    static func withGatehouse(_ configuration: GatehouseConfiguration, _ body: (Gatehouse) throws -> Void) -> Int32 {
        do {
            let gatehouse = try Gatehouse(configuration: configuration, log: { _ in })
            defer { gatehouse.stores.close() }
            try body(gatehouse)
            return ok
        } catch let error as AuthError {
            GatehouseCommand.printError("gatehouse: \(error.reason)")
            return failed
        } catch {
            GatehouseCommand.printError("gatehouse: \(error)")
            return failed
        }
    }

    static func date(_ seconds: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
