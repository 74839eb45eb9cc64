import Glibc
import Synchronization

/// Counts requests per client in fixed windows that start at the client's first request.
///
/// Exact within a window: with a limit of 1000 the 1001st request inside one window is
/// refused. Memory stays bounded: at most `maxClients` windows are tracked. Expired windows are
/// dropped first (windows start in arrival order, so a FIFO finds them in O(1)); when every tracked
/// window is still live, a new client is counted in one shared overflow window instead, so a
/// flood of fresh addresses can never push out (and so reset) a tracked client's count.
public final class RateLimiter: Sendable {
    /// The outcome of counting one request.
    public struct Decision: Sendable, Equatable {
        /// Whether the request may proceed.
        public let allowed: Bool
        /// The window's limit.
        public let limit: Int
        /// Requests left in the current window.
        public let remaining: Int
        /// Whole seconds until the window ends (at least 1).
        public let resetSeconds: Int
    }

    private struct Window {
        var start: Double
        var count: Int
    }

    private struct State {
        var windows: [String: Window] = [:]
        var order: [(client: String, start: Double)] = []
        var head = 0
        /// The window shared by every client that found the table full.
        var overflow: Window?
    }

    /// Requests allowed per window.
    public let limit: Int
    /// The window length in seconds.
    public let windowSeconds: Double
    /// The most clients tracked at once.
    public let maxClients: Int
    private let clock: @Sendable () -> Double
    private let state = Mutex(State())

    /// A limiter of `limit` requests per `windowSeconds` per client; `clock` returns monotonic seconds.
    public init(limit: Int, windowSeconds: Double = 60, maxClients: Int = 100_000,
                clock: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds) {
        precondition(limit > 0 && windowSeconds > 0 && maxClients > 0)
        self.limit = limit
        self.windowSeconds = windowSeconds
        self.maxClients = maxClients
        self.clock = clock
    }

    /// Counts one request from `client` and says whether it may proceed.
    public func check(_ client: String) -> Decision {
        let now = clock()
        return state.withLock { state in
            expire(&state, now: now)
            var window: Window
            if let existing = state.windows[client], now < existing.start + windowSeconds {
                window = existing
            } else if state.windows.count >= maxClients {
                // Full of live windows: never evict one (that would reset its count); share the overflow window.
                window = state.overflow.flatMap { now < $0.start + windowSeconds ? $0 : nil } ?? Window(start: now, count: 0)
                let allowed = window.count < limit
                if allowed { window.count += 1 }
                state.overflow = window
                return decision(window, allowed: allowed, now: now)
            } else {
                window = Window(start: now, count: 0)
                state.order.append((client, now))
            }
            let allowed = window.count < limit
            if allowed { window.count += 1 }
            state.windows[client] = window
            return decision(window, allowed: allowed, now: now)
        }
    }

    private func decision(_ window: Window, allowed: Bool, now: Double) -> Decision {
        let reset = max(1, Int((window.start + windowSeconds - now).rounded(.up)))
        return Decision(allowed: allowed, limit: limit, remaining: limit - window.count, resetSeconds: reset)
    }

    /// How many clients have a live window (for metrics and tests).
    public var trackedClients: Int {
        state.withLock { $0.windows.count }
    }

    private func expire(_ state: inout State, now: Double) {
        while state.head < state.order.count, state.order[state.head].start + windowSeconds <= now {
            drop(&state, state.order[state.head])
        }
        compact(&state)
    }

    /// Removes a queue entry, and its window if the window is the one that entry started.
    private func drop(_ state: inout State, _ entry: (client: String, start: Double)) {
        if state.windows[entry.client]?.start == entry.start { state.windows[entry.client] = nil }
        state.head += 1
    }

    private func compact(_ state: inout State) {
        if state.head > 4096 && state.head * 2 > state.order.count {
            state.order.removeFirst(state.head)
            state.head = 0
        }
    }

    /// Seconds on the monotonic clock.
    @Sendable public static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
