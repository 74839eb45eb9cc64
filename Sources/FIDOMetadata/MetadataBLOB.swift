import Cryptography
import Foundation
import JOSE

/// A FIDO MDS3 BLOB whose signature, certificate chain, CRLs and payload verified.
public struct MetadataBLOB: Sendable {
    /// The BLOB serial number (`no`).
    public let number: Int
    /// When the next BLOB is due (midnight UTC).
    public let nextUpdate: Date
    /// The `legalHeader`, recorded as received.
    public let legalHeader: String?
    /// The entries, indexed.
    public let index: MetadataIndex
    /// Whether the BLOB was past `nextUpdate` at verification time (only with `BLOBPolicy.whenStale == .warn`).
    public let isStale: Bool
    /// The verified chain: signer first, pinned root last.
    public let chain: [Certificate]
    /// The state to persist once this BLOB is accepted.
    public let state: MetadataState

    /// Every entry, in BLOB order.
    public var entries: [MetadataEntry] { index.entries }

    /// Verifies a compact-JWS BLOB at `time`; with `previous`, a lower `no` is refused as a rollback.
    ///
    /// Refuses `x5u`/`jku`/`jwk` headers (keys are never fetched or taken from the header), requires `x5c`, checks the
    /// signature with the `x5c` leaf only, and the chain leaf → rest of `x5c` → one of `trust.roots` with `crls`.
    public static func verify(jws: [UInt8], trust: MetadataTrust, at time: Date, crls: [CRL] = [],
                              policy: BLOBPolicy = BLOBPolicy(), after previous: MetadataState? = nil) throws -> MetadataBLOB {
        guard jws.count <= policy.maximumSize else {
            throw MetadataError(.tooLarge, "BLOB exceeds \(policy.maximumSize) bytes")
        }
        var end = jws.count
        while end > 0, [0x20, 0x0A, 0x0D, 0x09].contains(jws[end - 1]) { end -= 1 }
        let compact = String(decoding: jws[..<end], as: UTF8.self)
        let unverified: UnverifiedJWS
        do {
            unverified = try UnverifiedJWS(compact: compact, maximumLength: policy.maximumSize)
        } catch let error as JOSEError where error.code == .unsupportedAlgorithm || error.code == .criticalHeader {
            throw MetadataError(.unsupportedHeader, "BLOB header: \(error.reason)")
        } catch let error as JOSEError {
            throw MetadataError(.malformedBLOB, "BLOB is not a compact JWS: \(error.reason)")
        }
        let certificates = try SignerChain.certificates(header: unverified.headerJSON, trust: trust)
        guard policy.allowedAlgorithms.contains(unverified.header.algorithm) else {
            throw MetadataError(.unsupportedHeader, "BLOB algorithm \(unverified.header.algorithm.wireName) is not allowed")
        }
        do {
            _ = try unverified.verify(with: try certificates[0].publicKey(), allowedAlgorithms: policy.allowedAlgorithms)
        } catch {
            throw MetadataError(.invalidSignature, "BLOB signature does not verify with the x5c leaf")
        }
        let chain = try SignerChain.verify(certificates, trust: trust, at: time, crls: crls)
        let payload = try Payload(json: unverified.payload)
        if let previous, payload.number < previous.number {
            throw MetadataError(.rollback, "BLOB no \(payload.number) is lower than the accepted no \(previous.number)")
        }
        let isStale = time >= payload.nextUpdate
        if isStale, policy.whenStale == .refuse {
            throw MetadataError(.stale, "BLOB no \(payload.number) is past its nextUpdate")
        }
        let state = MetadataState(number: payload.number, nextUpdate: payload.nextUpdate, legalHeader: payload.legalHeader,
                                  loadedAt: time, sha256: Hex.encode(Digest.sha256(jws)))
        return MetadataBLOB(number: payload.number, nextUpdate: payload.nextUpdate, legalHeader: payload.legalHeader,
                            index: MetadataIndex(entries: payload.entries), isStale: isStale, chain: chain, state: state)
    }

    /// Verifies a compact-JWS BLOB given as text.
    public static func verify(jws: String, trust: MetadataTrust, at time: Date, crls: [CRL] = [],
                              policy: BLOBPolicy = BLOBPolicy(), after previous: MetadataState? = nil) throws -> MetadataBLOB {
        try verify(jws: Array(jws.utf8), trust: trust, at: time, crls: crls, policy: policy, after: previous)
    }

    /// The BLOB payload members Gatehouse reads.
    private struct Payload {
        let number: Int
        let nextUpdate: Date
        let legalHeader: String?
        let entries: [MetadataEntry]

        init(json bytes: [UInt8]) throws {
            let json: JSONValue
            do {
                json = try JSONValue(parsing: bytes)
            } catch let error as JOSEError {
                throw MetadataError(.malformedPayload, "BLOB payload: \(error.reason)")
            }
            let reader = try JSONReader(json, path: "payload")
            guard let number = try reader.optionalInteger("no") else { throw reader.missing("no") }
            guard number >= 0 else { throw reader.wrongType("no", "a non-negative integer") }
            guard let nextUpdate = try reader.optionalDate("nextUpdate") else { throw reader.missing("nextUpdate") }
            guard reader.members["entries"]?.arrayValue != nil else { throw reader.missing("entries") }
            self.number = number
            self.nextUpdate = nextUpdate
            legalHeader = try reader.optionalString("legalHeader")
            entries = try reader.array("entries").enumerated().map { index, entry in
                try MetadataEntry(json: entry, path: "payload.entries[\(index)]")
            }
        }
    }
}
