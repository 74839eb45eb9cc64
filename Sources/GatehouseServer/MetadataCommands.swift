import FIDOMetadata
import Foundation

/// `gatehouse mds refresh` and `gatehouse mds status`.
enum MetadataCommands {
    static func refresh(_ options: GatehouseCommand.Options, _ configuration: GatehouseConfiguration) -> Int32 {
        guard (options.value("--file") == nil) != (options.value("--url") == nil) else {
            GatehouseCommand.printError("gatehouse mds refresh: give exactly one of --file and --url")
            return GatehouseCommand.ExitCode.usage
        }
        let crlFiles = options.all("--crl")
        guard !crlFiles.isEmpty else {
            GatehouseCommand.printError("""
                gatehouse mds refresh: give the CRLs of the BLOB's signing chain with --crl (one per issuing CA); \
                without them the chain cannot be checked, and an unchecked BLOB is refused
                """)
            return GatehouseCommand.ExitCode.usage
        }
        var verifyAt: Date?
        if let text = options.value("--verify-at") {
            guard let date = ISO8601DateFormatter().date(from: text) else {
                GatehouseCommand.printError("gatehouse mds refresh: --verify-at must be ISO 8601, such as 2024-09-03T00:00:00Z")
                return GatehouseCommand.ExitCode.usage
            }
            verifyAt = date
        }
        return AdminCommands.withGatehouse(configuration) { gatehouse in
            let blob: [UInt8]
            if let file = options.value("--file") {
                blob = try MetadataLoader.read(file: file)
            } else {
                blob = try fetch(URL(string: options.value("--url")!)!)
            }
            let crls = try crlFiles.map { file -> [UInt8] in
                guard let data = FileManager.default.contents(atPath: file) else { throw MetadataError(.io, "cannot read \(file)") }
                return Array(data)
            }
            let rootPEM = try options.value("--root-pem").map { file -> String in
                guard let data = FileManager.default.contents(atPath: file) else { throw MetadataError(.io, "cannot read \(file)") }
                return String(decoding: data, as: UTF8.self)
            }
            let store = MetadataStore(dataDirectory: configuration.dataDirectory)
            let source = MetadataStore.Source(blob: blob, crls: crls, rootPEM: rootPEM, verifyAt: verifyAt,
                                              allowStale: options.switches.contains("--allow-stale"))
            let (accepted, changes) = try store.refresh(source, registry: gatehouse.metadata, now: Date())
            let marked = try gatehouse.services.untrustModels(changes)
            print("accepted MDS3 BLOB no \(accepted.number) (\(accepted.entries.count) entries, next update \(accepted.nextUpdate)"
                  + (accepted.isStale ? ", STALE" : "") + "); \(changes.count) models newly refused; \(marked) credentials marked untrusted")
            if let legal = accepted.legalHeader { print("legal header: \(legal.prefix(120))…") }
        }
    }

    static func status(_ configuration: GatehouseConfiguration) -> Int32 {
        AdminCommands.withGatehouse(configuration) { gatehouse in
            guard let state = gatehouse.metadata.state else {
                print("no MDS3 BLOB installed: every WebAuthn model is unknown (amr swk); realms requiring trusted models refuse all")
                return
            }
            print("MDS3 BLOB no \(state.number), next update \(state.nextUpdate), loaded \(state.loadedAt), sha256 \(state.sha256)")
        }
    }

    /// Downloads over HTTPS (a sync bridge for the command line).
    static func fetch(_ url: URL) throws -> [UInt8] {
        final class Box: @unchecked Sendable {  // written once by the task before the semaphore is signalled
            var result: Result<[UInt8], any Error>?
        }
        let box = Box(), done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await MetadataLoader.fetch(url: url)) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}
