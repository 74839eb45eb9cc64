import AuthCore
import FIDOMetadata
import Foundation
import GatehouseTestSupport
@testable import GatehouseServer
import Testing

/// The shared MDS3 vectors (large BLOBs are read in place, not copied into the repository).
enum MDSVectors {
    static let directory = repositoryRoot + "/../shared/vectors/mds3"
    static let blob = directory + "/production-2024-09-no95/blob.jwt"
    static let crls = ["--crl", directory + "/trust-globalsign-r3/root-r3.crl",
                       "--crl", directory + "/trust-globalsign-r3/gsextendvalsha2g3r3.crl"]
    static var present: Bool { FileManager.default.fileExists(atPath: blob) }
}

@Suite("gatehouse mds refresh", .enabled(if: MDSVectors.present, "needs ../shared/vectors/mds3 beside the repository (CI provides it)"))
struct MetadataRefreshTests {
    static let blob = MDSVectors.blob
    static let crls = MDSVectors.crls

    @Test("a verified BLOB is installed and kept; a model it revokes turns its credentials untrusted, with an event")
    func refreshUntrustsRevokedModels() throws {
        let harness = try AuthHarness(.sqlite, builtInFactors: true)
        let user = try harness.createUser("uma")
        let realm = try harness.gatehouse.services.realms.realm(harness.realm)
        // A credential of the TruU model (REVOKED in BLOB no=95 since 2023-12-20), stored as the plugin stores it.
        let data = #"{"aaguid":"BA86DC56-635F-4141-AEF6-00227B1B9AF6","algorithm":-7,"attestationType":"none","backupEligible":false,"# +
            #""cloneSuspected":false,"credentialID":"AAAA","format":"none","publicKey":"AAAA","signCount":0,"transports":[],"# +
            #""trustedModel":false,"userHandle":"AAAA"}"#
        try realm.store.insertCredential(FactorCredential(id: "truu-1", userID: user.id, kind: "webauthn", data: Array(data.utf8),
                                                          createdAt: harness.clock.now), secrets: [])
        let store = MetadataStore(dataDirectory: harness.gatehouse.configuration.dataDirectory)
        let source = MetadataStore.Source(
            blob: Array(try Data(contentsOf: URL(fileURLWithPath: Self.blob))),
            crls: try [Self.crls[1], Self.crls[3]].map { Array(try Data(contentsOf: URL(fileURLWithPath: $0))) },
            rootPEM: nil, verifyAt: ISO8601DateFormatter().date(from: "2024-09-03T00:00:00Z"), allowStale: true)
        let (accepted, changes) = try store.refresh(source, registry: harness.gatehouse.metadata, now: Date())
        #expect(accepted.number == 95)
        #expect(changes.contains { $0.identifier == "ba86dc56-635f-4141-aef6-00227b1b9af6" })
        #expect(try harness.gatehouse.services.untrustModels(changes) == 1)
        #expect(try realm.store.credential(id: "truu-1")?.status == "untrusted")
        let events = try realm.store.auditRecords().filter { $0.event.type == "webauthn.model_untrusted" }
        #expect(events.first?.event.details["status"] == "REVOKED")
        // Reloaded at the next start, from the saved files.
        #expect(try store.load(into: MetadataRegistry())?.number == 95)
    }

    @Test("the command line: CRLs are required, a good BLOB is accepted, a tampered one refused")
    func commandLine() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let environment = ["GATEHOUSE_DATA_DIR": directory.path]
        let missingCRLs = try GatehouseProcess.run(["mds", "refresh", "--file", Self.blob], environment: environment)
        #expect(missingCRLs.status == 2)
        #expect(missingCRLs.error.contains("--crl"))
        let good = try GatehouseProcess.run(["mds", "refresh", "--file", Self.blob] + Self.crls
                                            + ["--verify-at", "2024-09-03T00:00:00Z", "--allow-stale"], environment: environment)
        #expect(good.status == 0, "\(good.error)")
        #expect(good.output.contains("accepted MDS3 BLOB no 95"))
        #expect(try GatehouseProcess.run(["mds", "status"], environment: environment).output.contains("no 95"))
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.blob)))
        bytes[bytes.count / 2] ^= 0x01
        let tampered = directory.path + "/tampered.jwt"
        #expect(FileManager.default.createFile(atPath: tampered, contents: Data(bytes)))
        let refused = try GatehouseProcess.run(["mds", "refresh", "--file", tampered] + Self.crls
                                               + ["--verify-at", "2024-09-03T00:00:00Z", "--allow-stale"], environment: environment)
        #expect(refused.status == 1)
    }
}

