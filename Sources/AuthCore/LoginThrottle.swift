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
    static let pairDelayAfter = 3, pairLockAfter = 10
    static let addressLockAfter = 50
    static let accountDelayAfter = 20, accountMaxDelay = 30.0

    private let counters = Mutex<[String: Counter]>([:])
    private let clock: @Sendable () -> Double
    private let maxEntries: Int

    /// A throttle reading time (seconds) from `clock`.
    public init(maxEntries: Int = 200_000, clock: @escaping @Sendable () -> Double) {
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
            consider("pair|\(account)|\(address)", delayAfter: Self.pairDelayAfter, maxDelay: Self.window)
            consider("address|\(address)", delayAfter: nil, maxDelay: 0)
            consider("account|\(account)", delayAfter: Self.accountDelayAfter, maxDelay: Self.accountMaxDelay)
            return worst
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
            bump("pair|\(account)|\(address)", lockAfter: Self.pairLockAfter)
            bump("address|\(address)", lockAfter: Self.addressLockAfter)
            bump("account|\(account)", lockAfter: nil)
        }
    }

    /// Clears the account's counters after a successful password.
    public func recordSuccess(account: String, address: String) {
        _ = counters.withLock { counters in
            counters.removeValue(forKey: "pair|\(account)|\(address)")
            counters.removeValue(forKey: "account|\(account)")
        }
    }

    private static func evict(_ counters: inout [String: Counter], now: Double) {
        let before = counters.count
        counters = counters.filter { now - $0.value.last < window || ($0.value.lockedUntil ?? 0) > now }
        guard counters.count * 10 > before * 9 else { return }  // expiry freed enough
        let oldest = counters.sorted { $0.value.last < $1.value.last }.prefix(before / 10 + 1).map(\.key)
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
