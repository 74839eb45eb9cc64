import Foundation
import GatehouseServer
import HTTPServer
import Synchronization

/// Release-mode benchmarks, printed as a Markdown table of numbers and ratios measured in one run.
enum Bench {
    static let rounds = 3
    static let seconds = 5
    /// This target's source folder.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

    static func main() {
        if CommandLine.arguments.dropFirst().first == "rate-limiter" { return rateLimiter() }  // one section alone
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-bench-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        let baselineBinary = scratch + "/hello"
        shell("gcc -O2 -o \(baselineBinary) \(root)/../baseline/hello.c $(pkg-config --cflags --libs libmicrohttpd)")
        let baselinePort = freePort()
        let baseline = Process()
        baseline.executableURL = URL(fileURLWithPath: baselineBinary)
        baseline.arguments = [String(baselinePort)]
        try! baseline.run()
        defer { baseline.terminate(); baseline.waitUntilExit() }

        var configuration = GatehouseConfiguration()
        configuration.dataDirectory = scratch + "/data"
        configuration.http.port = 0
        configuration.http.rateLimitPerMinute = 10_000_000
        let gatehouse = try! Gatehouse(configuration: configuration, log: { _ in }, extraRoutes: addSlowRoute)
        try! gatehouse.start()
        let port = Int(gatehouse.server.port)
        usleep(200_000)

        print("## /healthz throughput (wrk -t1 -c32 -d\(seconds)s, alternating, \(rounds) rounds)\n")
        var cRates: [Double] = [], swiftRates: [Double] = []
        for _ in 0..<rounds {
            cRates.append(wrk(port: baselinePort, path: "/healthz", connections: 32).rate)
            swiftRates.append(wrk(port: port, path: "/healthz", connections: 32).rate)
        }
        let c = median(cRates), swift = median(swiftRates)
        print("| server | requests/s (median) | runs |\n| --- | --- | --- |")
        print("| C libmicrohttpd baseline | \(Int(c)) | \(cRates.map { String(Int($0)) }.joined(separator: ", ")) |")
        print("| Gatehouse | \(Int(swift)) | \(swiftRates.map { String(Int($0)) }.joined(separator: ", ")) |")
        print("\nratio Gatehouse / C: \(String(format: "%.2f", swift / c))\n")

        print("## /healthz p99 latency while 32 requests of 200 ms run (wrk -t1 -c4 -d\(seconds)s --latency)\n")
        _ = wrk(port: port, path: "/healthz", connections: 4)  // warm-up, not reported
        let idle = wrk(port: port, path: "/healthz", connections: 4)
        let load = Process()
        load.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        load.arguments = ["-t1", "-c32", "-d\(seconds + 3)s", "http://127.0.0.1:\(port)/bench/slow"]
        load.standardOutput = FileHandle.nullDevice
        try! load.run()
        usleep(1_000_000)
        let busy = wrk(port: port, path: "/healthz", connections: 4)
        load.waitUntilExit()
        print("| condition | p99 | p50 | requests/s |\n| --- | --- | --- | --- |")
        print("| idle | \(ms(idle.p99)) | \(ms(idle.p50)) | \(Int(idle.rate)) |")
        print("| 32 × 200 ms requests in flight | \(ms(busy.p99)) | \(ms(busy.p50)) | \(Int(busy.rate)) |")
        print("\nratio p99 busy / idle: \(String(format: "%.2f", busy.p99 / idle.p99))\n")
        gatehouse.shutdown()
        rateLimiter()
        AuthBench.run(scratch: scratch)
    }

    /// The sliding-window limiter's cost per request against the least a per-client counter can cost (a
    /// dictionary increment under a mutex), 1000 clients in turn, same run.
    static func rateLimiter() {
        let clients = (0..<1000).map { "10.0.\($0 / 256).\($0 % 256)" }
        let calls = 3_000_000
        func rate(_ body: (String) -> Void) -> Double {
            let start = RateLimiter.monotonicSeconds()
            for index in 0..<calls { body(clients[index % clients.count]) }
            return Double(calls) / (RateLimiter.monotonicSeconds() - start)
        }
        var limiterRates: [Double] = [], baselineRates: [Double] = []
        for _ in 0..<rounds {
            let counts = Mutex([String: Int]())
            baselineRates.append(rate { client in counts.withLock { $0[client, default: 0] += 1 } })
            let limiter = RateLimiter(limit: 1_000_000)
            limiterRates.append(rate { client in _ = limiter.check(client) })
        }
        let limiter = median(limiterRates), baseline = median(baselineRates)
        print("## Rate limiter (1000 clients in turn, \(calls) calls, median of \(rounds))\n")
        print("| operation | calls/s |\n| --- | --- |")
        print("| dictionary increment under a mutex (baseline) | \(Int(baseline)) |")
        print("| `RateLimiter.check` (sliding window, 61 one-second slots) | \(Int(limiter)) |")
        print("\nratio limiter / baseline: \(String(format: "%.2f", limiter / baseline))\n")
    }

    /// A route that holds a worker for 200 ms, like a handler waiting on a slow database.
    static func addSlowRoute(_ table: inout RouteTable) {
        table.add(APIOperation("GET", "/bench/slow", summary: "Benchmark only: 200 ms of waiting.", tag: "bench",
                               responses: [(200, "Done.", "text/plain")]), slowHandler)
    }

    @Sendable static func slowHandler(_ request: Request) throws -> Response {
        usleep(200_000)
        return .text("slow")
    }

    struct WrkResult {
        var rate = 0.0
        var p50 = 0.0
        var p99 = 0.0
    }

    static func wrk(port: Int, path: String, connections: Int) -> WrkResult {
        let output = shell("wrk -t1 -c\(connections) -d\(seconds)s --latency http://127.0.0.1:\(port)\(path)")
        var result = WrkResult()
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.first == "Requests/sec:", fields.count > 1 { result.rate = Double(fields[1]) ?? 0 }
            if fields.first == "50%", fields.count > 1 { result.p50 = seconds(String(fields[1])) }
            if fields.first == "99%", fields.count > 1 { result.p99 = seconds(String(fields[1])) }
        }
        return result
    }

    static func seconds(_ text: String) -> Double {
        for (suffix, scale) in [("us", 1e-6), ("ms", 1e-3), ("s", 1.0)] where text.hasSuffix(suffix) {
            return (Double(text.dropLast(suffix.count)) ?? 0) * scale
        }
        return 0
    }

    /// A TCP port nothing listens on now (the kernel's pick for port 0).
    static func freePort() -> Int {
        Int(shell("python3 -c 'import socket; s=socket.socket(); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])'")
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 18090
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    @discardableResult
    static func shell(_ command: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        try! process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus != 0 { fatalError("command failed: \(command)") }
        return String(decoding: data, as: UTF8.self)
    }
}
