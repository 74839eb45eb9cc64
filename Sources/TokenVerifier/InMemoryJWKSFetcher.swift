import Foundation
import Synchronization

/// A fetcher that serves documents from memory and counts fetches (for tests and embedding).
public final class InMemoryJWKSFetcher: JWKSFetcher {
    private struct State {
        var documents: [URL: [UInt8]] = [:]
        var failing = false
        var fetches: [URL: Int] = [:]
    }

    private let state = Mutex(State())

    /// An empty fetcher; `serve` documents before use.
    public init() {}

    /// Serves `document` at `url` from now on.
    public func serve(_ document: String, at url: URL) {
        state.withLock { $0.documents[url] = Array(document.utf8) }
    }

    /// While true, every fetch fails (an IdP outage).
    public func setFailing(_ failing: Bool) {
        state.withLock { $0.failing = failing }
    }

    /// How many fetches of `url` were attempted.
    public func fetchCount(for url: URL) -> Int {
        state.withLock { $0.fetches[url, default: 0] }
    }

    /// Returns the served document or throws as a missing or failing endpoint would.
    public func fetchJWKS(from url: URL) throws -> [UInt8] {
        try state.withLock { state throws(JWKSFetchError) -> [UInt8] in
            state.fetches[url, default: 0] += 1
            guard !state.failing else { throw JWKSFetchError("simulated outage") }
            guard let document = state.documents[url] else { throw JWKSFetchError("HTTP 404") }
            return document
        }
    }
}
