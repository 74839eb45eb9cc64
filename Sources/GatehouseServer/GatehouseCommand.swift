import Foundation
import Glibc
import HTTPServer
import Storage

/// The `gatehouse` command line.
public enum GatehouseCommand {
    /// Exit statuses: 0 success, 1 failure at run time, 2 usage error, 78 configuration error (EX_CONFIG).
    public enum ExitCode {
        public static let success: Int32 = 0
        public static let failure: Int32 = 1
        public static let usage: Int32 = 2
        public static let configuration: Int32 = 78
    }

    /// One command: its words, help, accepted flags and action.
    struct Command: Sendable {
        let name: String
        let summary: String
        let usage: String
        /// Flags that take a value (`--realm R`); those in `repeatable` may repeat.
        var valued: Set<String> = []
        var repeatable: Set<String> = []
        /// Flags without a value (`--password-stdin`).
        var switches: Set<String> = []
        var required: Set<String> = []
        /// Whether it reads the configuration (and so accepts `--config`).
        var configured = true
        let action: @Sendable (Options, GatehouseConfiguration) -> Int32
    }

    static let commands: [Command] = [
        Command(name: "serve", summary: "Start the server (migrations are applied first).", usage: "gatehouse serve [--config FILE]",
                action: { _, configuration in Serve.run(configuration) }),
        Command(name: "migrate", summary: "Apply database migrations and exit.", usage: "gatehouse migrate [--config FILE]",
                action: { _, configuration in migrate(configuration) }),
        Command(name: "openapi", summary: "Print the OpenAPI 3.1 document of the HTTP API.", usage: "gatehouse openapi",
                configured: false, action: { _, _ in openAPI() }),
        Command(name: "version", summary: "Print the version.", usage: "gatehouse version", configured: false,
                action: { _, _ in print("gatehouse \(Gatehouse.version)"); return ExitCode.success }),
    ] + AdminCommands.all

    static var usage: String {
        var text = "usage: gatehouse COMMAND [OPTIONS]\n\ncommands:\n"
        for command in commands { text += "  " + command.name.padding(toLength: 16, withPad: " ", startingAt: 0) + command.summary + "\n" }
        text += "  " + "help".padding(toLength: 16, withPad: " ", startingAt: 0) + "Show this help, or a command's help.\n"
        text += "\nRun 'gatehouse COMMAND --help' for a command's options.\n"
        text += "Environment: " + GatehouseConfiguration.environmentKeys.joined(separator: ", ") + "\n"
        return text
    }

    /// Runs a command line (without the program name) and returns the exit status.
    public static func run(_ arguments: [String], environment: [String: String]) -> Int32 {
        guard let first = arguments.first else {
            printError(usage)
            return ExitCode.usage
        }
        if first == "help" || first == "--help" || first == "-h" {
            let topic = arguments.dropFirst().joined(separator: " ")
            if let command = commands.first(where: { $0.name == topic }) {
                print("usage: \(command.usage)\n\n\(command.summary)")
            } else {
                print(usage, terminator: "")
            }
            return ExitCode.success
        }
        // Commands are one word (`serve`) or two (`user create`).
        let twoWords = arguments.count > 1 ? arguments[0] + " " + arguments[1] : ""
        guard let command = commands.first(where: { $0.name == twoWords }) ?? commands.first(where: { $0.name == first }) else {
            printError("gatehouse: unknown command '\(first)'\n\n" + usage)
            return ExitCode.usage
        }
        let rest = Array(arguments.dropFirst(command.name.split(separator: " ").count))
        if rest.contains("--help") || rest.contains("-h") {
            print("usage: \(command.usage)\n\n\(command.summary)")
            return ExitCode.success
        }
        let options: Options
        do {
            options = try Options.parse(rest, for: command)
        } catch {
            printError("gatehouse \(command.name): \(error.message)\nusage: \(command.usage)")
            return ExitCode.usage
        }
        var configuration = GatehouseConfiguration()
        if command.configured {
            do {
                configuration = try GatehouseConfiguration.load(file: options.value("--config"), environment: environment)
            } catch {
                printError("gatehouse: \(error)")
                return ExitCode.configuration
            }
        }
        return command.action(options, configuration)
    }

    /// Prints the document of a server built on a throwaway embedded store (nothing is served).
    static func openAPI() -> Int32 {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-openapi-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var configuration = GatehouseConfiguration()
        configuration.dataDirectory = scratch
        do {
            let gatehouse = try Gatehouse(configuration: configuration, log: { _ in })
            defer { gatehouse.stores.close() }
            print(gatehouse.openAPIDocument, terminator: "")
            return ExitCode.success
        } catch {
            printError("gatehouse openapi: \(error)")
            return ExitCode.failure
        }
    }

    static func migrate(_ configuration: GatehouseConfiguration) -> Int32 {
        do {
            let stores = try Stores.open(configuration)
            stores.close()
            print("migrations applied (\(stores.backend.rawValue))")
            return ExitCode.success
        } catch {
            printError("gatehouse migrate: \(error)")
            return ExitCode.failure
        }
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Parsed flags of one command line.
    struct Options: Sendable {
        var values: [String: [String]] = [:]
        var switches: Set<String> = []

        struct Invalid: Error { let message: String }

        func value(_ flag: String) -> String? { values[flag]?.last }
        func all(_ flag: String) -> [String] { values[flag] ?? [] }

        static func parse(_ arguments: [String], for command: Command) throws(Invalid) -> Options {
            var options = Options()
            let valued = command.valued.union(command.configured ? ["--config"] : [])
            var index = 0
            while index < arguments.count {
                var argument = arguments[index]
                var inline: String?
                if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                    inline = String(argument[argument.index(after: equals)...])
                    argument = String(argument[..<equals])
                }
                if command.switches.contains(argument) && inline == nil {
                    options.switches.insert(argument)
                    index += 1
                } else if valued.contains(argument) {
                    guard let value = inline ?? (index + 1 < arguments.count ? arguments[index + 1] : nil) else {
                        throw Invalid(message: "\(argument) needs a value")
                    }
                    if options.values[argument] != nil && !command.repeatable.contains(argument) {
                        throw Invalid(message: "\(argument) is given twice")
                    }
                    options.values[argument, default: []].append(value)
                    index += inline == nil ? 2 : 1
                } else {
                    throw Invalid(message: "unknown option '\(argument)'")
                }
            }
            if let missing = command.required.sorted().first(where: { options.values[$0] == nil && !options.switches.contains($0) }) {
                throw Invalid(message: "\(missing) is required")
            }
            return options
        }
    }
}
