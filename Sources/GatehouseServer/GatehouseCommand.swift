import Foundation
import Glibc
import HTTPServer
import Storage

/// The `gatehouse` command line: `serve`, `migrate`, `openapi`, `version`, `help`.
public enum GatehouseCommand {
    /// Exit statuses: 0 success, 1 failure at run time, 2 usage error, 78 configuration error (EX_CONFIG).
    public enum ExitCode {
        public static let success: Int32 = 0
        public static let failure: Int32 = 1
        public static let usage: Int32 = 2
        public static let configuration: Int32 = 78
    }

    static let commands: [(name: String, summary: String, usage: String)] = [
        ("serve", "Start the server (migrations are applied first).", "gatehouse serve [--config FILE]"),
        ("migrate", "Apply database migrations and exit.", "gatehouse migrate [--config FILE]"),
        ("openapi", "Print the OpenAPI 3.1 document of the HTTP API.", "gatehouse openapi"),
        ("version", "Print the version.", "gatehouse version"),
        ("help", "Show this help, or a command's help.", "gatehouse help [COMMAND]"),
    ]

    static var usage: String {
        var text = "usage: gatehouse COMMAND [OPTIONS]\n\ncommands:\n"
        for command in commands { text += "  " + command.name.padding(toLength: 10, withPad: " ", startingAt: 0) + command.summary + "\n" }
        text += "\nRun 'gatehouse COMMAND --help' for a command's options.\n"
        text += "Environment: " + GatehouseConfiguration.environmentKeys.joined(separator: ", ") + "\n"
        return text
    }

    /// Runs a command line (without the program name) and returns the exit status.
    public static func run(_ arguments: [String], environment: [String: String]) -> Int32 {
        guard let name = arguments.first else {
            printError(usage)
            return ExitCode.usage
        }
        let rest = Array(arguments.dropFirst())
        if name == "help" || name == "--help" || name == "-h" {
            if let topic = rest.first, let command = commands.first(where: { $0.name == topic }) {
                print("usage: \(command.usage)\n\n\(command.summary)")
            } else {
                print(usage, terminator: "")
            }
            return ExitCode.success
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            printError("gatehouse: unknown command '\(name)'\n\n" + usage)
            return ExitCode.usage
        }
        if rest.contains("--help") || rest.contains("-h") {
            print("usage: \(command.usage)\n\n\(command.summary)")
            return ExitCode.success
        }
        let options: Options
        do {
            options = try Options.parse(rest, allowsConfig: name == "serve" || name == "migrate")
        } catch {
            printError("gatehouse \(name): \(error.message)\nusage: \(command.usage)")
            return ExitCode.usage
        }
        switch name {
        case "version":
            print("gatehouse \(Gatehouse.version)")
            return ExitCode.success
        case "openapi":
            print(Gatehouse.openAPIDocument, terminator: "")
            return ExitCode.success
        default:
            let configuration: GatehouseConfiguration
            do {
                configuration = try GatehouseConfiguration.load(file: options.configFile, environment: environment)
            } catch {
                printError("gatehouse: \(error)")
                return ExitCode.configuration
            }
            return name == "serve" ? Serve.run(configuration) : migrate(configuration)
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

    struct Options {
        var configFile: String?

        struct Invalid: Error { let message: String }

        static func parse(_ arguments: [String], allowsConfig: Bool) throws(Invalid) -> Options {
            var options = Options()
            var index = 0
            while index < arguments.count {
                let argument = arguments[index]
                if allowsConfig && argument == "--config" {
                    guard index + 1 < arguments.count else { throw Invalid(message: "--config needs a file") }
                    options.configFile = arguments[index + 1]
                    index += 2
                } else if allowsConfig && argument.hasPrefix("--config=") {
                    options.configFile = String(argument.dropFirst("--config=".count))
                    index += 1
                } else {
                    throw Invalid(message: "unknown option '\(argument)'")
                }
            }
            return options
        }
    }
}
