import Glibc
import Synchronization

/// Counts requests per client in a sliding window, so that no span of `windowSeconds` ever holds more than
/// `limit` allowed requests — not even one straddling a boundary, as a fixed window would allow (2× the limit).
///
/// Each client keeps one counter per slot (a sixtieth of the window: a second, by default); a request is
/// allowed when the slots a `windowSeconds` span can touch (60 + 1) hold fewer than `limit`. Counting whole
/// slots errs one way only: a client may be refused up to one slot early, never allowed too many. Memory
/// stays bounded: at most `maxClients` clients are tracked (300–450 bytes each); clients without a request
/// in the window are swept; when every tracked client is live, a newcomer is counted in one shared overflow
/// counter, so a flood of fresh addresses can never push out (and so reset) a tracked client's count; a client
/// that later gets a counter of its own starts from the overflow's count.
public final class RateLimiter: Sendable {
    /// The outcome of counting one request.
    public struct Decision: Sendable, Equatable {
        /// Whether the request may proceed.
        public let allowed: Bool
        /// The limit per window.
        public let limit: Int
        /// Requests left now.
        public let remaining: Int
        /// Whole seconds until a request is freed (the oldest counted one leaves the window; at least 1).
        public let resetSeconds: Int
    }

    /// Slots per window; the window is judged on `slotsPerWindow + 1` of them.
    static let slotsPerWindow = 60

    private struct Counter {
        var slots: [UInt32]
        /// The slot index (time / slot length) of the newest request.
        var newest: Int64
        /// The oldest slot still holding a request (nil when none does); kept as slots come and go, so no
        /// request scans the ring.
        var oldest: Int64?
        var total: Int

        init(ring: Int, at slot: Int64) {
            slots = Array(repeating: 0, count: ring)
            newest = slot
            total = 0
        }

        /// Forgets slots that left the ring by `slot`.
        mutating func advance(to slot: Int64) {
            let ring = Int64(slots.count)
            guard slot > newest else { return }
            if slot - newest >= ring {
                for index in slots.indices { slots[index] = 0 }
                total = 0
                oldest = nil
            } else {
                for stale in (newest + 1)...slot {
                    let index = Int(stale % ring)
                    total -= Int(slots[index])
                    slots[index] = 0
                }
                // The oldest used slot left the ring: the next used one (if any) lies between it and the old newest.
                if let first = oldest, first <= slot - ring {
                    oldest = total == 0 ? nil : (slot - ring + 1...newest).first { slots[Int($0 % ring)] > 0 }
                }
            }
            newest = slot
        }

        mutating func add(at slot: Int64) {
            slots[Int(slot % Int64(slots.count))] += 1
            total += 1
            if oldest.map({ slot < $0 }) ?? true { oldest = slot }
        }
    }

    private struct State {
        var counters: [String: Counter] = [:]
        /// The counter shared by every client that found the table full.
        var overflow: Counter?
        var lastSweep: Int64 = .min
    }

    /// Requests allowed per window.
    public let limit: Int
    /// The window length in seconds.
    public let windowSeconds: Double
    /// The most clients tracked at once.
    public let maxClients: Int
    private let slotSeconds: Double
    private let ring = RateLimiter.slotsPerWindow + 1
    private let clock: @Sendable () -> Double
    private let state = Mutex(State())

    /// A limiter of `limit` requests per `windowSeconds` per client; `clock` returns monotonic seconds.
    public init(limit: Int, windowSeconds: Double = 60, maxClients: Int = 100_000,
                clock: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds) {
        precondition(limit > 0 && maxClients > 0 && windowSeconds.isFinite && (0.06...31_622_400).contains(windowSeconds),
                     "a positive limit and client count, and a window from 60 ms to a year")
        self.limit = limit
        self.windowSeconds = windowSeconds
        self.maxClients = maxClients
        self.clock = clock
        slotSeconds = windowSeconds / Double(Self.slotsPerWindow)
    }

    /// Counts one request from `client` and says whether it may proceed.
    public func check(_ client: String) -> Decision {
        let (decision, swept) = state.withLock { state -> (Decision, [String: Counter]?) in
            // Read under the lock, so slots only move forward: a thread holding an older reading must not count
            // into a slot the counter has already passed.
            let now = max(0, clock())
            let slot = Int64((now / slotSeconds).rounded(.down))
            let full = state.counters.count >= maxClients
            // Sweep once a window, or when the table is full at most every ten slots; the old table leaves the
            // lock with `swept`, so freeing the dropped counters does not hold up other requests.
            var swept: [String: Counter]?
            if slot >= state.lastSweep + Int64(ring) || (full && slot >= state.lastSweep + 10) {
                swept = state.counters
                state.counters = state.counters.filter { slot - $0.value.newest < Int64(ring) }
                state.lastSweep = slot
            }
            // Counters are changed in place (a copy would copy their slots on every request).
            if let index = state.counters.index(forKey: client) {
                return (count(&state.counters.values[index], slot: slot, now: now), swept)
            }
            guard state.counters.count < maxClients else {
                // Full of live clients: never evict one (that would reset its count); share the overflow counter.
                if state.overflow == nil { state.overflow = Counter(ring: ring, at: slot) }
                return (count(&state.overflow!, slot: slot, now: now), swept)
            }
            // A newcomer may have been counted in the overflow counter moments ago: it starts from that count
            // (which is at least its own), so moving out of the overflow never buys a fresh budget.
            var start = state.overflow ?? Counter(ring: ring, at: slot)
            start.advance(to: slot)
            state.counters[client] = start.total > 0 ? start : Counter(ring: ring, at: slot)
            return (count(&state.counters[client]!, slot: slot, now: now), swept)
        }
        _ = swept
        return decision
    }

    private func count(_ counter: inout Counter, slot: Int64, now: Double) -> Decision {
        counter.advance(to: slot)
        let allowed = counter.total < limit
        if allowed { counter.add(at: slot) }
        // A request is freed when the oldest counted slot leaves the judged span.
        let freedAt = Double((counter.oldest ?? slot) + Int64(ring)) * slotSeconds
        let reset = max(1, Int((freedAt - now).rounded(.up)))
        return Decision(allowed: allowed, limit: limit, remaining: limit - counter.total, resetSeconds: reset)
    }

    /// How many clients are tracked (for metrics and tests).
    public var trackedClients: Int {
        state.withLock { $0.counters.count }
    }

    /// Seconds on the monotonic clock.
    @Sendable public static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
