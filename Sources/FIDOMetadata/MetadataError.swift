/// The one error the FIDOMetadata module throws: a stable code, a short reason, and where it was thrown.
///
/// The reason never carries the BLOB, a header or certificate bytes.
public struct MetadataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; compare against the `static let` members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case malformedBLOB = "malformed_blob"
            case tooLarge = "too_large"
            case unsupportedHeader = "unsupported_header"
            case invalidSignature = "invalid_signature"
            case untrustedChain = "untrusted_chain"
            case rootMismatch = "root_mismatch"
            case rollback
            case stale
            case malformedPayload = "malformed_payload"
            case io
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The input is not a compact JWS with a usable header (or `x5c` is malformed).
        public static let malformedBLOB = Code(.malformedBLOB)
        /// The BLOB or a download exceeds the size cap.
        public static let tooLarge = Code(.tooLarge)
        /// The header uses something refused here (`x5u`, `jku`, `crit`, an algorithm off the list).
        public static let unsupportedHeader = Code(.unsupportedHeader)
        /// The JWS signature does not verify with the leaf certificate of `x5c`.
        public static let invalidSignature = Code(.invalidSignature)
        /// The `x5c` chain does not verify to a trusted root at the given time (expiry, CRLs, revocation, a root in `x5c`).
        public static let untrustedChain = Code(.untrustedChain)
        /// A configured root certificate does not have the pinned fingerprint.
        public static let rootMismatch = Code(.rootMismatch)
        /// The BLOB's `no` is lower than the last accepted one.
        public static let rollback = Code(.rollback)
        /// The BLOB is past its `nextUpdate` and the policy refuses stale BLOBs.
        public static let stale = Code(.stale)
        /// The payload JSON is not a valid MDS3 BLOB payload.
        public static let malformedPayload = Code(.malformedPayload)
        /// Reading or downloading the BLOB failed.
        public static let io = Code(.io)

        /// The stable wire identifier of this code.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// A short human-readable reason, free of BLOB contents.
    public let reason: String
    /// The source file that threw.
    public let file: String
    /// The source line that threw.
    public let line: UInt

    /// Creates an error; `file` and `line` default to the call site.
    public init(_ code: Code, _ reason: String, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    /// Errors are equal when their codes are equal.
    public static func == (lhs: MetadataError, rhs: MetadataError) -> Bool {
        lhs.code == rhs.code
    }

    /// `MetadataError(code): reason (file:line)`.
    public var description: String {
        "MetadataError(\(code)): \(reason) (\(file):\(line))"
    }
}
