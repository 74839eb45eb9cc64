import Foundation
import Glibc
import HTTPServer

/// `gatehouse serve`: start, wait for SIGTERM or SIGINT, shut down gracefully.
enum Serve {
    static func run(_ configuration: GatehouseConfiguration) -> Int32 {
        // Block the stop signals before any thread starts, so every thread inherits the mask
        // and only sigwait below sees them.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        // A closed standard output (the log reader went away) must fail a write with EPIPE, not kill the server.
        signal(SIGPIPE, SIG_IGN)

        let log = LogLine.standardOutput
        let gatehouse: Gatehouse
        do {
            gatehouse = try Gatehouse(configuration: configuration)
            try gatehouse.start()
        } catch {
            GatehouseCommand.printError("gatehouse serve: \(error)")
            return GatehouseCommand.ExitCode.failure
        }
        log(LogLine.json([
            "event": "server.started",
            "listen": .string("\(configuration.listen.host):\(gatehouse.server.port)"),
            "public_url": .string(configuration.effectivePublicURL),
            "storage": .string(gatehouse.stores.backend.rawValue),
            "version": .string(Gatehouse.version),
        ]))
        var received: Int32 = 0
        sigwait(&signals, &received)
        log(LogLine.json(["event": "server.stopping", "signal": .int(Int(received)),
                          "in_flight": .int(gatehouse.server.requestsInFlight)]))
        let grace = configuration.shutdownGraceSeconds
        let watchdog = Thread {
            sleep(UInt32(grace))
            log(LogLine.json(["event": "server.shutdown_timeout", "grace_seconds": .int(grace)]))
            _exit(GatehouseCommand.ExitCode.failure)
        }
        watchdog.start()
        gatehouse.shutdown()
        log(LogLine.json(["event": "server.stopped"]))
        return GatehouseCommand.ExitCode.success
    }
}
