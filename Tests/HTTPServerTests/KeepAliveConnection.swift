import Foundation
import Glibc
import GatehouseTestSupport

/// One persistent HTTP/1.1 connection that sends requests one after another (no `Connection: close`).
final class KeepAliveConnection {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16, timeout: Double = 10) throws {
        fd = try HTTPTestClient.connect(port: port, timeout: timeout)
    }

    deinit { close(fd) }

    /// Sends raw bytes; false when the server has closed the connection.
    @discardableResult func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    /// Sends a GET and reads one response framed by its Content-Length.
    func get(_ target: String) throws -> KeptAliveResponse {
        guard send(Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)) else {
            throw KeepAliveFailure(reason: "connection closed")
        }
        return try readResponse()
    }

    /// Reads one response (headers plus a Content-Length body).
    func readResponse() throws -> KeptAliveResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let end = buffer.indices.first(where: { buffer[$0...].starts(with: separator) }) {
                let head = String(decoding: buffer[..<end], as: UTF8.self).lowercased()
                let length = head.components(separatedBy: "\r\n")
                    .first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if buffer.count >= end + 4 + length {
                    let lines = String(decoding: buffer[..<end], as: UTF8.self).components(separatedBy: "\r\n")
                    let body = Array(buffer[(end + 4)..<(end + 4 + length)])
                    buffer.removeFirst(end + 4 + length)
                    let parts = lines[0].split(separator: " ")
                    guard parts.count >= 2, let status = Int(parts[1]) else {
                        throw KeepAliveFailure(reason: "bad status line")
                    }
                    let headers: [(name: String, value: String)] = lines.dropFirst().compactMap { line in
                        guard let colon = line.firstIndex(of: ":") else { return nil }
                        return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                    }
                    return KeptAliveResponse(status: status, headers: headers, body: body)
                }
            }
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { throw KeepAliveFailure(reason: "connection closed") }
            buffer.append(contentsOf: chunk[..<n])
        }
    }
}

/// A response read off a kept-alive connection.
struct KeptAliveResponse {
    let status: Int
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }
}

struct KeepAliveFailure: Error {
    let reason: String
}
