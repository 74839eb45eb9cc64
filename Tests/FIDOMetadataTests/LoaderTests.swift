import FIDOMetadata
import Foundation
import GatehouseTestSupport
import Testing

@Suite("Loading BLOB bytes from a file and over HTTP", .timeLimit(.minutes(1)))
struct LoaderTests {
    @Test("a file is read; a file over the cap and a missing file are refused")
    func file() throws {
        let directory = TemporaryDirectory("gatehouse-mds-file")
        defer { directory.remove() }
        let path = directory.path + "/blob.jwt"
        try Data(repeating: 0x41, count: 2048).write(to: URL(fileURLWithPath: path))
        #expect(try MetadataLoader.read(file: path).count == 2048)
        #expect(throws: MetadataError(.tooLarge, "")) { try MetadataLoader.read(file: path, maximumSize: 1024) }
        #expect(throws: MetadataError(.io, "")) { try MetadataLoader.read(file: directory.path + "/missing.jwt") }
    }

    @Test("an http URL is refused unless plain HTTP is allowed; other schemes always")
    func schemes() async throws {
        await #expect(throws: MetadataError(.io, "")) {
            try await MetadataLoader.fetch(url: URL(string: "http://127.0.0.1:9/blob.jwt")!)
        }
        await #expect(throws: MetadataError(.io, "")) {
            try await MetadataLoader.fetch(url: URL(string: "file:///etc/hostname")!, allowingPlainHTTP: true)
        }
    }

    @Test("the production BLOB downloads over loopback HTTP (python3 http.server) and verifies",
          .enabled(if: Vectors.sharedPresent && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
                   "needs ../shared/vectors/mds3 and /usr/bin/python3"))
    func http() async throws {
        let server = try LoopbackFileServer(directory: Vectors.shared + "/production-2024-09-no95")
        defer { server.stop() }
        let url = URL(string: "http://127.0.0.1:\(server.port)/blob.jwt")!
        let bytes = try await MetadataLoader.fetch(url: url, allowingPlainHTTP: true)
        #expect(bytes.count == 3_872_919)
        let blob = try MetadataBLOB.verify(jws: bytes, trust: Vectors.globalSignTrust(), at: date("2024-09-03T00:00:00Z"),
                                           crls: Vectors.globalSignCRLs())
        #expect(blob.number == 95)
        await #expect(throws: MetadataError(.tooLarge, "")) {
            try await MetadataLoader.fetch(url: url, maximumSize: 1 << 20, allowingPlainHTTP: true)
        }
        await #expect(throws: MetadataError(.io, "")) {
            try await MetadataLoader.fetch(url: URL(string: "http://127.0.0.1:\(server.port)/missing.jwt")!,
                                           allowingPlainHTTP: true)
        }
    }
}

/// `python3 -m http.server` on a free loopback port, serving one directory.
final class LoopbackFileServer: Sendable {
    let port: Int
    private let process: Process

    init(directory: String) throws {
        let probe = Process()
        let pipe = Pipe()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        probe.arguments = ["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"]
        probe.standardOutput = pipe
        try probe.run()
        probe.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw MetadataError(.io, "no free port") }
        self.port = port
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", directory]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 where !Self.listening(port) { usleep(50_000) }
    }

    func stop() {
        // SIGKILL: the test runner's children inherit an ignored SIGTERM, so terminate() would not stop python.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static func listening(_ port: Int) -> Bool {
        guard let fd = try? HTTPTestClient.connect(port: UInt16(port), timeout: 1) else { return false }
        close(fd)
        return true
    }
}
