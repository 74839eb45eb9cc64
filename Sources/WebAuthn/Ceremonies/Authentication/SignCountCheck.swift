/// The outcome of the signature-counter rule (§6.1.1): a value, so the caller applies policy and records the event.
public enum SignCountCheck: Sendable, Hashable {
    /// Both counters are zero (synced passkeys and authenticators without a counter).
    case notSupported
    /// The received counter is greater than the stored one.
    case increased
    /// Either counter is non-zero and the received one is not greater: a possible clone.
    case counterRegression(stored: UInt32, received: UInt32)

    /// Applies the rule to a stored and a received counter.
    public init(stored: UInt32, received: UInt32) {
        if stored == 0 && received == 0 {
            self = .notSupported
        } else if received > stored {
            self = .increased
        } else {
            self = .counterRegression(stored: stored, received: received)
        }
    }

    /// Whether this is a regression.
    public var isRegression: Bool {
        if case .counterRegression = self { return true }
        return false
    }
}
