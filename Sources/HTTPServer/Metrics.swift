import Foundation
import Synchronization

/// Request metrics in the Prometheus text format (version 0.0.4).
public final class Metrics: Sendable {
    private struct RequestKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    private struct Histogram {
        var buckets: [Int]
        var count = 0
        var sum = 0.0
    }

    private struct State {
        var requests: [RequestKey: Int] = [:]
        var latency: [String: Histogram] = [:]
        var rateLimited = 0
        var gauges: [(name: String, help: String, read: @Sendable () -> Double)] = []
    }

    /// Upper bounds (seconds) of the latency histogram's buckets.
    public static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    private let state = Mutex(State())
    private static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    /// An empty registry.
    public init() {}

    /// Counts one answered request; `route` is the route pattern (never the raw path).
    public func recordRequest(method: String, route: String, status: Int, seconds: Double) {
        // Unknown methods share one label, so clients cannot mint new series.
        let method = Self.knownMethods.contains(method) ? method : "OTHER"
        state.withLock { state in
            state.requests[RequestKey(method: method, route: route, status: status), default: 0] += 1
            var histogram = state.latency[route] ?? Histogram(buckets: Array(repeating: 0, count: Self.latencyBuckets.count))
            if let index = Self.latencyBuckets.firstIndex(where: { seconds <= $0 }) { histogram.buckets[index] += 1 }
            histogram.count += 1
            histogram.sum += seconds
            state.latency[route] = histogram
        }
    }

    /// Counts one request refused by the rate limit.
    public func recordRateLimited() {
        state.withLock { $0.rateLimited += 1 }
    }

    /// Adds a gauge whose value is read at each scrape.
    public func addGauge(_ name: String, help: String, read: @escaping @Sendable () -> Double) {
        state.withLock { $0.gauges.append((name, help, read)) }
    }

    /// The exposition text.
    public func render() -> String {
        let (requests, latency, rateLimited, gauges) = state.withLock { ($0.requests, $0.latency, $0.rateLimited, $0.gauges) }
        var out = "# HELP gatehouse_http_requests_total HTTP requests answered, by method, route and status.\n"
        out += "# TYPE gatehouse_http_requests_total counter\n"
        for (key, count) in requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "gatehouse_http_requests_total{method=\"\(escape(key.method))\",route=\"\(escape(key.route))\",status=\"\(key.status)\"} \(count)\n"
        }
        out += "# HELP gatehouse_http_request_duration_seconds Time from a request's arrival to its response, by route.\n"
        out += "# TYPE gatehouse_http_request_duration_seconds histogram\n"
        for (route, histogram) in latency.sorted(by: { $0.key < $1.key }) {
            var cumulative = 0
            for (bound, count) in zip(Self.latencyBuckets, histogram.buckets) {
                cumulative += count
                out += "gatehouse_http_request_duration_seconds_bucket{route=\"\(escape(route))\",le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "gatehouse_http_request_duration_seconds_bucket{route=\"\(escape(route))\",le=\"+Inf\"} \(histogram.count)\n"
            out += "gatehouse_http_request_duration_seconds_sum{route=\"\(escape(route))\"} \(histogram.sum)\n"
            out += "gatehouse_http_request_duration_seconds_count{route=\"\(escape(route))\"} \(histogram.count)\n"
        }
        out += "# HELP gatehouse_http_rate_limited_total Requests refused with 429 by the per-IP rate limit.\n"
        out += "# TYPE gatehouse_http_rate_limited_total counter\n"
        out += "gatehouse_http_rate_limited_total \(rateLimited)\n"
        for gauge in gauges {
            out += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n\(gauge.name) \(gauge.read())\n"
        }
        return out
    }

    private func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
