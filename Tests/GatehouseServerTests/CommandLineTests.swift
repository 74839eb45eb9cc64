import Foundation
import GatehouseTestSupport
import Testing

/// Runs the real `gatehouse` executable, as an operator would.
struct GatehouseProcess {
    static let binary = repositoryRoot + "/.build/debug/gatehouse"

    struct Outcome {
        let status: Int32
        let output: String
        let error: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let process = try start(arguments, environment: environment)
        process.process.waitUntilExit()
        return process.outcome()
    }

    final class Running: @unchecked Sendable {
        let process = Process()
        let stdout = Pipe()
        let stderr = Pipe()

        func outcome() -> Outcome {
            Outcome(status: process.terminationStatus,
                    output: String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
                    error: String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
    }

    static func start(_ arguments: [String], environment: [String: String]) throws -> Running {
        let running = Running()
        running.process.executableURL = URL(fileURLWithPath: binary)
        running.process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GATEHOUSE_") }
        env.merge(environment) { $1 }
        running.process.environment = env
        running.process.standardOutput = running.stdout
        running.process.standardError = running.stderr
        try running.process.run()
        return running
    }
}

@Suite("The gatehouse command line")
struct CommandLineTests {
    @Test func versionAndHelp() throws {
        let version = try GatehouseProcess.run(["version"])
        #expect(version.status == 0)
        #expect(version.output.hasPrefix("gatehouse "))
        let help = try GatehouseProcess.run(["help"])
        #expect(help.status == 0)
        for command in ["serve", "migrate", "version", "help"] { #expect(help.output.contains(command)) }
        let serveHelp = try GatehouseProcess.run(["serve", "--help"])
        #expect(serveHelp.status == 0)
        #expect(serveHelp.output.contains("--config"))
    }

    @Test(arguments: [["bogus"], ["serve", "--verbose"], ["migrate", "--config"], [], ["version", "extra"]])
    func usageErrorsExit2(arguments: [String]) throws {
        let outcome = try GatehouseProcess.run(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.error.contains("usage: gatehouse"))
    }

    @Test func badConfigurationStopsTheStartNamingTheKey() throws {
        let outcome = try GatehouseProcess.run(["serve"], environment: ["GATEHOUSE_LISTEN": "nonsense"])
        #expect(outcome.status == 78)
        #expect(outcome.error.contains("GATEHOUSE_LISTEN"))
    }

    @Test func keysRevokeWithdrawsTheActiveKeyAndActivatesAnother() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let environment = ["GATEHOUSE_DATA_DIR": directory.path]
        func keys() throws -> [(kid: String, state: String)] {
            try GatehouseProcess.run(["keys", "list", "--realm", "platform"], environment: environment).output
                .split(separator: "\n").map { line in let fields = line.split(separator: "\t"); return (String(fields[0]), String(fields[2])) }
        }
        let active = try #require(try keys().first { $0.state == "active" }).kid
        let revoked = try GatehouseProcess.run(["keys", "revoke", "--realm", "platform", "--kid", active], environment: environment)
        #expect(revoked.status == 0, "\(revoked.error)")
        let after = try keys()
        #expect(after.first { $0.kid == active }?.state == "revoked")
        let replacement = try #require(after.first { $0.state == "active" }).kid
        #expect(revoked.output.contains("active key: \(replacement)"))
        let again = try GatehouseProcess.run(["keys", "revoke", "--realm", "platform", "--kid", active], environment: environment)
        #expect(again.status == 1 && again.error.contains("already revoked"))
        #expect(try GatehouseProcess.run(["keys", "revoke", "--realm", "platform"], environment: environment).status == 2)
    }

    @Test func migrateCreatesTheEmbeddedStores() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let outcome = try GatehouseProcess.run(["migrate"], environment: ["GATEHOUSE_DATA_DIR": directory.path])
        #expect(outcome.status == 0)
        #expect(FileManager.default.fileExists(atPath: directory.path + "/master.sqlite"))
        #expect(FileManager.default.fileExists(atPath: directory.path + "/realms/platform.sqlite"))
        // A second run finds nothing to do and still succeeds.
        #expect(try GatehouseProcess.run(["migrate"], environment: ["GATEHOUSE_DATA_DIR": directory.path]).status == 0)
    }

    @Test func serveAnswersAndStopsCleanlyOnSIGTERM() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let port = UInt16.random(in: 20000...40000)
        let running = try GatehouseProcess.start(["serve"], environment: ["GATEHOUSE_DATA_DIR": directory.path,
                                                                   "GATEHOUSE_LISTEN": "127.0.0.1:\(port)"])
        var health: TestResponse?
        for _ in 0..<200 where health == nil {
            health = try? HTTPTestClient.request(port: port, target: "/healthz", timeout: 1)
            if health == nil { usleep(25_000) }
        }
        #expect(health?.status == 200)
        #expect(health?.json["status"] as? String == "ok")
        kill(running.process.processIdentifier, SIGTERM)
        running.process.waitUntilExit()
        let outcome = running.outcome()
        #expect(outcome.status == 0)
        #expect(outcome.output.contains("\"event\":\"server.started\""))
        #expect(outcome.output.contains("\"event\":\"server.stopped\""))
    }
}
