import Synchronization

/// Slows password guessing without letting one address lock a victim out everywhere.
///
/// - per account and address: after 3 failures each further attempt waits 1, 2, 4 … s;
///   after 10 the pair is locked for 15 minutes (only that address is locked out);
/// - per address, across accounts (password spraying): after 50 failures, locked 15 minutes;
/// - per account, across addresses: after 20 failures a delay of up to 30 s applies, never a lock.
/// Counters forget after 15 minutes without failures; a success clears the account's counters.
/// State is per instance and bounded (`maxEntries`, oldest dropped first).
public final class LoginThrottle: Sendable {
    /// Whether an attempt may go ahead.
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Refused: retry after this many seconds; `locked` when it is a lock rather than a delay.
        case refused(retryAfter: Int, locked: Bool)
    }

    struct Counter {
        var failures: Int
        var last: Double
        var lockedUntil: Double?
    }

    public static let window = 15.0 * 60
    /// When delays and locks start.
    public struct Limits: Sendable, Equatable {
        /// Failures of one account from one address before delays start, and before that pair is locked.
        public var pairDelayAfter = 3, pairLockAfter = 10
        /// Failures from one address, across accounts, before the address is locked.
        public var addressLockAfter = 50
        /// Failures of one account, across addresses, before a delay (never a lock) applies.
        public var accountDelayAfter = 20

        /// The password defaults.
        public init() {}

        /// Limits scaled from one number: delays from half of it, the pair lock at it.
        public init(lockAfter: Int) {
            pairDelayAfter = max(1, lockAfter / 2)
            pairLockAfter = lockAfter
            addressLockAfter = lockAfter * 5
            accountDelayAfter = lockAfter * 2
        }
    }

    static let accountMaxDelay = 30.0
    /// The limits in force.
    public let limits: Limits

    private let counters = Mutex<[String: Counter]>([:])
    /// Makes `attempt`'s check and count one step (the counters' own lock is taken inside each).
    private let attemptLock = Mutex(())
    private let clock: @Sendable () -> Double
    private let maxEntries: Int

    /// A throttle reading time (seconds) from `clock`.
    public init(limits: Limits = Limits(), maxEntries: Int = 200_000, clock: @escaping @Sendable () -> Double) {
        self.limits = limits
        self.clock = clock
        self.maxEntries = maxEntries
    }

    /// Whether `account` may try a password from `address` now.
    public func check(account: String, address: String) -> Decision {
        let now = clock()
        return counters.withLock { counters in
            var worst = Decision.allowed
            func consider(_ key: String, delayAfter: Int?, maxDelay: Double) {
                guard let counter = counters[key], now - counter.last < Self.window else { return }
                if let until = counter.lockedUntil, now < until {
                    worst = Self.worse(worst, .refused(retryAfter: Int((until - now).rounded(.up)), locked: true))
                    return
                }
                guard let delayAfter, counter.failures >= delayAfter else { return }
                let delay = min(maxDelay, Double(1 << min(20, counter.failures - delayAfter)))
                if now < counter.last + delay {
                    worst = Self.worse(worst, .refused(retryAfter: max(1, Int((counter.last + delay - now).rounded(.up))), locked: false))
                }
            }
            consider("pair|\(account)|\(address)", delayAfter: limits.pairDelayAfter, maxDelay: Self.window)
            consider("address|\(address)", delayAfter: nil, maxDelay: 0)
            consider("account|\(account)", delayAfter: limits.accountDelayAfter, maxDelay: Self.accountMaxDelay)
            return worst
        }
    }

    /// Checks and, when allowed, counts the attempt as a failure in the same step, so parallel guesses
    /// cannot all pass the check before any is counted; `recordSuccess` refunds it.
    public func attempt(account: String, address: String) -> Decision {
        attemptLock.withLock { _ in
            let decision = check(account: account, address: address)
            if decision == .allowed { recordFailure(account: account, address: address) }
            return decision
        }
    }

    /// Counts a failed password for `account` from `address`.
    public func recordFailure(account: String, address: String) {
        let now = clock()
        counters.withLock { counters in
            if counters.count >= maxEntries { Self.evict(&counters, now: now) }
            func bump(_ key: String, lockAfter: Int?) {
                var counter = counters[key].flatMap { now - $0.last < Self.window ? $0 : nil } ?? Counter(failures: 0, last: now)
                counter.failures += 1
                counter.last = now
                if let lockAfter, counter.failures >= lockAfter { counter.lockedUntil = now + Self.window }
                counters[key] = counter
            }
            bump("pair|\(account)|\(address)", lockAfter: limits.pairLockAfter)
            bump("address|\(address)", lockAfter: limits.addressLockAfter)
            bump("account|\(account)", lockAfter: nil)
        }
    }

    /// Clears the account's counters after a success, and refunds the address the attempt `attempt` counted.
    public func recordSuccess(account: String, address: String) {
        counters.withLock { counters in
            counters.removeValue(forKey: "pair|\(account)|\(address)")
            counters.removeValue(forKey: "account|\(account)")
            if var counter = counters["address|\(address)"], counter.failures > 0, counter.lockedUntil == nil {
                counter.failures -= 1
                counters["address|\(address)"] = counter
            }
        }
    }

    private static func evict(_ counters: inout [String: Counter], now: Double) {
        let before = counters.count
        counters = counters.filter { now - $0.value.last < window || ($0.value.lockedUntil ?? 0) > now }
        guard counters.count * 10 > before * 9 else { return }  // expiry freed enough
        // Locks are never dropped to make room: only unlocked counters, oldest first.
        let oldest = counters.filter { ($0.value.lockedUntil ?? 0) <= now }.sorted { $0.value.last < $1.value.last }
            .prefix(before / 10 + 1).map(\.key)
        for key in oldest { counters[key] = nil }
    }

    private static func worse(_ a: Decision, _ b: Decision) -> Decision {
        switch (a, b) {
        case (.allowed, _): return b
        case (_, .allowed): return a
        case (.refused(let x, let lx), .refused(let y, let ly)): return .refused(retryAfter: max(x, y), locked: lx || ly)
        }
    }
}
