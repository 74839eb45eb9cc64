import Foundation
import GatehouseTestSupport
@testable import HTTPServer
import Testing

@Suite("Body and header limits")
struct LimitTests {
    static func server() throws -> TestServer {
        try TestServer(configure: { $0.maxBodyBytes = 1024; $0.maxHeaderBytes = 2048; $0.maxHeaderCount = 20 }) { router in
            router.add("POST", "/api/v1/upload") { request in .text("got \(request.body.count)") }
        }
    }

    @Test func bodyAtTheCapIsAccepted() throws {
        let server = try Self.server()
        let response = try server.post("/api/v1/upload", body: String(repeating: "a", count: 1024), contentType: "text/plain")
        #expect(response.status == 200)
        #expect(response.text == "got 1024")
    }

    @Test func declaredOversizeBodyGets413() throws {
        let server = try Self.server()
        let response = try server.post("/api/v1/upload", body: String(repeating: "a", count: 5000), contentType: "text/plain")
        #expect(response.status == 413)
        #expect(response.header("Content-Type") == "application/problem+json")
    }

    @Test func chunkedOversizeBodyGets413() throws {
        let server = try Self.server()
        var raw = "POST /api/v1/upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
        for _ in 0..<4 { raw += "300\r\n" + String(repeating: "b", count: 0x300) + "\r\n" }
        raw += "0\r\n\r\n"
        let response = try HTTPTestClient.exchange(port: server.port, bytes: Array(raw.utf8))
        #expect(response.status == 413)
    }

    @Test func endlessChunkedUploadIsCutOff() throws {
        let server = try Self.server()
        let connection = try KeepAliveConnection(port: server.port, timeout: 5)
        connection.send(Array("POST /api/v1/upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))
        let chunk = Array(("4000\r\n" + String(repeating: "c", count: 0x4000) + "\r\n").utf8)
        // Keep sending for at most a few seconds; the server must stop reading long before.
        let started = Date()
        var cutOff = false
        while Date().timeIntervalSince(started) < 4 {
            if !connection.send(chunk) { cutOff = true; break }
        }
        #expect(cutOff)
        if cutOff {
            // Either an early 413 or a closed connection: both end the upload.
            if let response = try? connection.readResponse() { #expect(response.status == 413) }
        }
    }

    @Test func defaultBodyCapIs256KiB() {
        #expect(HTTPServerConfiguration().maxBodyBytes == 256 * 1024)
    }

    @Test func tooManyHeadersGets431() throws {
        let server = try Self.server()
        let headers = (0..<30).map { ("X-Extra-\($0)", "v") }
        let response = try server.post("/api/v1/upload", body: "x", contentType: "text/plain", headers: headers)
        #expect(response.status == 431)
        #expect(response.header("Content-Type") == "application/problem+json")
    }

    @Test func oversizeHeaderGets431() throws {
        let server = try Self.server()
        let response = try server.post("/api/v1/upload", body: "x", contentType: "text/plain",
                                       headers: [("X-Big", String(repeating: "h", count: 4000))])
        #expect(response.status == 431)
    }
}
