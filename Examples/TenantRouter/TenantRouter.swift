import Foundation
import HTTPServer
import TokenVerifier

/// A tiny resource server: verifies Gatehouse access tokens offline and asks for step-up on sensitive calls.
enum TenantRouter {
    /// Runs with the process arguments and exits with `run`'s status.
    static func main() -> Never {
        exit(run(Array(CommandLine.arguments.dropFirst())))
    }

    /// Parses options, starts the server and serves until SIGINT/SIGTERM; returns the exit status.
    static func run(_ arguments: [String]) -> Int32 {
        let options: TenantRouterOptions
        do {
            options = try TenantRouterOptions(arguments)
        } catch {
            FileHandle.standardError.write(Data("tenant-router: \(error)\n\(TenantRouterOptions.usage)\n".utf8))
            return 64
        }
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        do {
            let verifier = try TokenVerifier(configuration: TokenVerifierConfiguration(
                issuer: options.issuer, audience: options.audience))
            var configuration = HTTPServerConfiguration()
            configuration.host = options.host
            configuration.port = options.port
            let server = HTTPServer(configuration: configuration,
                                    router: TenantRoutes(verifier: verifier, maxAge: options.maxAge).router())
            try server.start()
            FileHandle.standardError.write(Data("tenant-router: listening on \(options.host):\(server.port), issuer \(options.issuer)\n".utf8))
            var received: Int32 = 0
            sigwait(&signals, &received)
            server.shutdown()
            return 0
        } catch {
            FileHandle.standardError.write(Data("tenant-router: \(error)\n".utf8))
            return 1
        }
    }
}
