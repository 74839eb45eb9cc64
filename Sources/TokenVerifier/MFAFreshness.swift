import Foundation

/// How recent a token's second-factor verification (`mfaVerifiedAt`) is, compared with a maximum age.
public enum MFAFreshness: Sendable, Hashable {
    /// Verified `age` seconds ago, within the maximum age (age ≤ maxAge).
    case fresh(age: TimeInterval)
    /// Verified `age` seconds ago, more than `maxAge`: ask for step-up.
    case stale(age: TimeInterval, maxAge: TimeInterval)
    /// The session has no second-factor verification: ask for step-up.
    case missing

    /// Compares `mfaVerifiedAt` with `now`; a time slightly ahead of `now` (clock skew) counts as age 0.
    public init(mfaVerifiedAt: Date?, maxAge: TimeInterval, now: Date) {
        guard let mfaVerifiedAt else {
            self = .missing
            return
        }
        let age = max(0, now.timeIntervalSince(mfaVerifiedAt))
        self = age <= maxAge ? .fresh(age: age) : .stale(age: age, maxAge: maxAge)
    }

    /// True for `.fresh`.
    public var isFresh: Bool {
        if case .fresh = self { return true }
        return false
    }
}
