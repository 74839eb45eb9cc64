import Cryptography
import Foundation
import Synchronization

/// The current verified BLOB, shared across threads; refreshes never go back to a lower `no`.
public final class MetadataRegistry: Sendable {
    private let current: Mutex<(blob: MetadataBLOB?, state: MetadataState?)>
    /// The policy whose refusals `refresh` reports as status changes.
    public let policy: MetadataPolicy

    /// An empty registry; `restoring` is the persisted state of the last accepted BLOB (for the rollback check).
    public init(policy: MetadataPolicy = MetadataPolicy(), restoring state: MetadataState? = nil) {
        self.policy = policy
        current = Mutex((nil, state))
    }

    /// The BLOB in use, if one was accepted since start-up.
    public var blob: MetadataBLOB? { current.withLock { $0.blob } }

    /// The state of the last accepted BLOB (to persist).
    public var state: MetadataState? { current.withLock { $0.state } }

    /// Installs a verified BLOB; refuses a lower `no` than the accepted one and returns the models it newly refuses.
    ///
    /// A model is reported when `policy` found it acceptable (trusted or unknown) under the previous BLOB at `time`
    /// and refuses it under the new one; the server marks those credentials untrusted (`webauthn.model_untrusted`).
    @discardableResult
    public func refresh(with blob: MetadataBLOB, at time: Date) throws -> [ModelStatusChange] {
        try current.withLock { current in
            if let accepted = current.state, blob.number < accepted.number {
                throw MetadataError(.rollback, "BLOB no \(blob.number) is lower than the accepted no \(accepted.number)")
            }
            let changes = ModelStatusChange.changes(from: current.blob?.index, to: blob.index, policy: policy, at: time)
            current = (blob, blob.state)
            return changes
        }
    }

    /// Verifies a BLOB against the accepted state and installs it (see `MetadataBLOB.verify` and `refresh(with:at:)`).
    @discardableResult
    public func refresh(jws: [UInt8], trust: MetadataTrust, at time: Date, crls: [CRL] = [],
                        blobPolicy: BLOBPolicy = BLOBPolicy()) throws -> [ModelStatusChange] {
        let verified = try MetadataBLOB.verify(jws: jws, trust: trust, at: time, crls: crls, policy: blobPolicy, after: state)
        return try refresh(with: verified, at: time)
    }

    /// The verdict on a model under `policy` with the current BLOB; `.unknown` (or refused, if required) without one.
    public func evaluate(aaguid: AAGUID?, attestationKeyIdentifiers: [String], attestationCertificate: Certificate?,
                         at time: Date, policy: MetadataPolicy) -> ModelTrust {
        let index = blob?.index ?? MetadataIndex(entries: [])
        return index.evaluate(aaguid: aaguid, attestationKeyIdentifiers: attestationKeyIdentifiers,
                              attestationCertificate: attestationCertificate, at: time, policy: policy)
    }

    /// The attestation trust anchors the current BLOB lists for a model (empty without a BLOB or entry).
    public func rootCertificates(aaguid: AAGUID?, attestationKeyIdentifiers: [String]) throws -> [Certificate] {
        try blob?.index.rootCertificates(aaguid: aaguid, attestationKeyIdentifiers: attestationKeyIdentifiers) ?? []
    }
}
