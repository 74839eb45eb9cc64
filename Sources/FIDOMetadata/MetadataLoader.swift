import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Reads BLOB bytes from a file or a URL, size-capped; verification is `MetadataBLOB.verify`'s job.
public enum MetadataLoader {
    /// Reads a BLOB file (at most `maximumSize` bytes).
    public static func read(file path: String, maximumSize: Int = BLOBPolicy.defaultMaximumSize) throws -> [UInt8] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > maximumSize {
            throw MetadataError(.tooLarge, "BLOB file exceeds \(maximumSize) bytes")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MetadataError(.io, "cannot read the BLOB file")
        }
        guard data.count <= maximumSize else { throw MetadataError(.tooLarge, "BLOB file exceeds \(maximumSize) bytes") }
        return Array(data)
    }

    /// Downloads a BLOB over HTTPS (plain HTTP only with `allowingPlainHTTP`, e.g. loopback tests); status 200 required.
    ///
    /// The cap is checked on the declared Content-Length and on the received body (URLSession buffers the body first).
    public static func fetch(url: URL, maximumSize: Int = BLOBPolicy.defaultMaximumSize, timeout: TimeInterval = 30,
                             allowingPlainHTTP: Bool = false, session: URLSession = .shared) async throws -> [UInt8] {
        switch url.scheme?.lowercased() {
        case "https": break
        case "http" where allowingPlainHTTP: break
        default: throw MetadataError(.io, "BLOB URL scheme is not https")
        }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "GET"
        let (data, response): (Data, URLResponse) = try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                if let data, let response, error == nil {
                    continuation.resume(returning: (data, response))
                } else {
                    continuation.resume(throwing: MetadataError(.io, "BLOB download failed"))
                }
            }.resume()
        }
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
            throw MetadataError(.io, "BLOB download did not answer 200")
        }
        if http.expectedContentLength > Int64(maximumSize) || data.count > maximumSize {
            throw MetadataError(.tooLarge, "BLOB download exceeds \(maximumSize) bytes")
        }
        return Array(data)
    }
}
