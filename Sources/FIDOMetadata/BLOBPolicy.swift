import JOSE

/// How a BLOB is verified beyond its chain: staleness, size cap, signature algorithms.
public struct BLOBPolicy: Sendable, Hashable {
    /// What to do with a BLOB whose `nextUpdate` has passed.
    public enum Staleness: String, Sendable, Hashable {
        /// Refuse it (`MetadataError.stale`).
        case refuse
        /// Accept it and mark it `isStale`; the caller logs a warning and refreshes.
        case warn
    }

    /// The default cap on a BLOB: 16 MiB (production BLOBs are about 4 MB).
    public static let defaultMaximumSize = 16 * 1024 * 1024

    /// Past `nextUpdate`: refuse (default) or warn.
    public var whenStale: Staleness
    /// The largest BLOB accepted, in bytes.
    public var maximumSize: Int
    /// The JWS algorithms accepted for the BLOB signature.
    public var allowedAlgorithms: Set<JWSAlgorithm>

    /// A policy; defaults refuse stale BLOBs, cap at 16 MiB and accept RS/PS/ES/EdDSA algorithms.
    public init(whenStale: Staleness = .refuse, maximumSize: Int = BLOBPolicy.defaultMaximumSize,
                allowedAlgorithms: Set<JWSAlgorithm> = Set(JWSAlgorithm.allCases)) {
        self.whenStale = whenStale
        self.maximumSize = maximumSize
        self.allowedAlgorithms = allowedAlgorithms
    }
}
