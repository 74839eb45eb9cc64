import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Fetches a JWKS over HTTPS with URLSession (plain HTTP only to loopback hosts), blocking the caller.
public struct URLSessionJWKSFetcher: JWKSFetcher {
    /// Seconds before a fetch gives up.
    public let timeout: TimeInterval
    /// The largest JWKS accepted, in bytes.
    public let maximumBytes: Int
    private let session: URLSession

    /// A fetcher with its own ephemeral, cache-less session.
    public init(timeout: TimeInterval = 5, maximumBytes: Int = 256 * 1024) {
        self.timeout = timeout
        self.maximumBytes = maximumBytes
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        self.session = URLSession(configuration: configuration)
    }

    /// Whether `url` may be fetched: `https`, or `http` to 127.0.0.1, ::1 or localhost.
    public static func isAcceptable(_ url: URL) -> Bool {
        switch url.scheme?.lowercased() {
        case "https": return url.host != nil
        case "http": return ["127.0.0.1", "::1", "[::1]", "localhost"].contains(url.host?.lowercased() ?? "")
        default: return false
        }
    }

    /// GETs `url` and returns the body of a 200 answer.
    public func fetchJWKS(from url: URL) throws -> [UInt8] {
        guard Self.isAcceptable(url) else { throw JWKSFetchError("JWKS URL must be https (http only on loopback)") }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let outcome = FetchOutcome()
        let done = DispatchSemaphore(value: 0)
        let limit = maximumBytes
        let task = session.dataTask(with: request) { data, response, error in
            outcome.settle(data: data, response: response, error: error, limit: limit)
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout + 1) == .timedOut {
            task.cancel()
            throw JWKSFetchError("timed out")
        }
        return try outcome.result()
    }
}

/// The one result a data task hands back across threads.
private final class FetchOutcome: Sendable {
    private let value = Mutex<Result<[UInt8], JWKSFetchError>>(.failure(JWKSFetchError("no answer")))

    func settle(data: Data?, response: URLResponse?, error: (any Error)?, limit: Int) {
        let result: Result<[UInt8], JWKSFetchError>
        if error != nil {
            result = .failure(JWKSFetchError("transport error"))
        } else if let http = response as? HTTPURLResponse, http.statusCode != 200 {
            result = .failure(JWKSFetchError("HTTP \(http.statusCode)"))
        } else if let data, data.count <= limit {
            result = .success(Array(data))
        } else {
            result = .failure(JWKSFetchError("response missing or larger than \(limit) bytes"))
        }
        value.withLock { $0 = result }
    }

    func result() throws(JWKSFetchError) -> [UInt8] {
        try value.withLock { $0 }.get()
    }
}
