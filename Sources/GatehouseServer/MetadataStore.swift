import AuthCore
import Cryptography
import FIDOMetadata
import Foundation
import WebAuthnFactor

/// The accepted FIDO MDS3 BLOB on disk (`{dataDir}/mds/`): verified when it is accepted, reloaded at start.
///
/// Files: `blob.jwt` (as received), `crl-*.der` (the CRLs it was checked with), `root.pem` (only when
/// an explicit root replaced the pinned GlobalSign R3), `accepted.json` (the state: `no`, `nextUpdate`,
/// `legalHeader`, the BLOB's SHA-256 and the time it was verified at).
struct MetadataStore {
    let directory: String

    struct Accepted: Codable {
        var state: MetadataState
        var verifiedAt: Date
        var allowStale: Bool
    }

    /// What a refresh needs besides the BLOB.
    struct Source {
        var blob: [UInt8]
        var crls: [[UInt8]]
        /// PEM of an explicit root (tests, conformance); nil = the pinned GlobalSign R3 from the system store.
        var rootPEM: String?
        /// The time to verify at (archived BLOBs); nil = now.
        var verifyAt: Date?
        var allowStale: Bool
    }

    init(dataDirectory: String) {
        directory = dataDirectory + "/mds"
    }

    /// Verifies a BLOB against the accepted state, installs it in `registry`, and saves it.
    func refresh(_ source: Source, registry: MetadataRegistry, now: Date) throws -> (MetadataBLOB, [ModelStatusChange]) {
        let trust = try Self.trust(rootPEM: source.rootPEM)
        let at = source.verifyAt ?? now
        let crls = try source.crls.map { try CRL(derRepresentation: $0) }
        let blob = try MetadataBLOB.verify(jws: source.blob, trust: trust, at: at, crls: crls,
                                           policy: BLOBPolicy(whenStale: source.allowStale ? .warn : .refuse), after: registry.state)
        let changes = try registry.refresh(with: blob, at: at)
        try save(source, blob: blob, at: at)
        return (blob, changes)
    }

    /// Reloads the saved BLOB: checked against its recorded hash and verified as at its acceptance time,
    /// while staleness is judged now (past `nextUpdate` it is refused unless it was accepted with --allow-stale).
    func load(into registry: MetadataRegistry, now: Date = Date()) throws -> MetadataBLOB? {
        guard let saved = FileManager.default.contents(atPath: directory + "/accepted.json"),
              let blob = FileManager.default.contents(atPath: directory + "/blob.jwt") else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let accepted = try decoder.decode(Accepted.self, from: saved)
        guard Hex.encode(Digest.sha256(Array(blob))) == accepted.state.sha256 else {
            throw MetadataError(.malformedBLOB, "the saved BLOB does not match its recorded hash")
        }
        let crlFiles = (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter { $0.hasPrefix("crl-") }.sorted() ?? []
        let crls = crlFiles.compactMap { FileManager.default.contents(atPath: directory + "/" + $0).map { Array($0) } }
        let rootPEM = FileManager.default.contents(atPath: directory + "/root.pem").map { String(decoding: $0, as: UTF8.self) }
        let source = Source(blob: Array(blob), crls: crls, rootPEM: rootPEM, verifyAt: accepted.verifiedAt, allowStale: accepted.allowStale)
        let trust = try Self.trust(rootPEM: source.rootPEM)
        let verified = try MetadataBLOB.verify(jws: source.blob, trust: trust, at: accepted.verifiedAt,
                                               crls: try crls.map { try CRL(derRepresentation: $0) },
                                               policy: BLOBPolicy(whenStale: accepted.allowStale ? .warn : .refuse))
        if verified.nextUpdate < now && !accepted.allowStale {
            throw MetadataError(.stale, "the saved BLOB passed its nextUpdate (\(verified.nextUpdate)); run gatehouse mds refresh")
        }
        try registry.refresh(with: verified, at: accepted.verifiedAt)
        return verified
    }

    /// The pinned GlobalSign R3 from the system store, or an explicitly given root.
    private static func trust(rootPEM: String?) throws -> MetadataTrust {
        try rootPEM.map { MetadataTrust.explicitRoots(try Certificate.certificates(fromPEM: $0)) } ?? MetadataTrust.systemGlobalSignR3()
    }

    private func save(_ source: Source, blob: MetadataBLOB, at: Date) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for old in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] where old.hasPrefix("crl-") || old == "root.pem" {
            try? manager.removeItem(atPath: directory + "/" + old)
        }
        try Data(source.blob).write(to: URL(fileURLWithPath: directory + "/blob.jwt"), options: .atomic)
        for (index, crl) in source.crls.enumerated() {
            try Data(crl).write(to: URL(fileURLWithPath: directory + "/crl-\(index).der"), options: .atomic)
        }
        if let pem = source.rootPEM { try Data(pem.utf8).write(to: URL(fileURLWithPath: directory + "/root.pem"), options: .atomic) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let accepted = Accepted(state: blob.state, verifiedAt: at, allowStale: source.allowStale)
        try encoder.encode(accepted).write(to: URL(fileURLWithPath: directory + "/accepted.json"), options: .atomic)
    }
}

extension AuthServices {
    /// Marks the credentials of models the metadata now refuses as untrusted, in every realm, with an event each
    /// (matched by AAGUID, or by attestation key identifier for U2F models).
    func untrustModels(_ changes: [ModelStatusChange]) throws -> Int {
        guard !changes.isEmpty else { return 0 }
        let refused = Dictionary(changes.map { ($0.identifier.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var marked = 0
        for entry in try realms.list() {
            let realm = try realms.realm(entry.id)
            for credential in try realm.store.credentials(ofKind: WebAuthnFactor.kind) where credential.status == "active" {
                let identifiers = WebAuthnFactor.modelIdentifiers(of: credential)
                guard let (identifier, change) = identifiers.lazy.compactMap({ id in refused[id].map { (id, $0) } }).first else { continue }
                try realm.store.setCredentialStatus(id: credential.id, status: "untrusted")
                try realm.recordEvent(WebAuthnFactor.Event.modelUntrusted, user: credential.userID, details: [
                    "credential": credential.id, "model": identifier, "status": change.status?.description ?? "-",
                    "reason": change.reason.rawValue,
                ], environment: environment)
                marked += 1
            }
        }
        return marked
    }
}
