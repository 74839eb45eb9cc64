import Foundation

/// A bounded pool of connections shared by the backends: checkout waits up to a timeout, then throws `.poolExhausted`.
///
/// `@unchecked Sendable`: every stored property is either immutable or read and written only while holding `condition`;
/// a resource is handed to one caller at a time (the caller owns it until `checkin` or `discard`).
package final class BlockingPool<Resource: AnyObject & Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var idle: [Resource] = []
    private var total = 0          // idle + checked out
    private var isClosed = false
    private let capacity: Int
    private let timeout: TimeInterval
    private let make: @Sendable () throws -> Resource
    private let destroy: @Sendable (Resource) -> Void

    /// A pool of at most `capacity` resources made lazily by `make` and released by `destroy`.
    package init(capacity: Int, timeout: Duration,
                 make: @escaping @Sendable () throws -> Resource,
                 destroy: @escaping @Sendable (Resource) -> Void) {
        self.capacity = max(1, capacity)
        let parts = timeout.components
        self.timeout = Double(parts.seconds) + Double(parts.attoseconds) / 1e18
        self.make = make
        self.destroy = destroy
    }

    /// Takes a resource, making one when below capacity; with `fresh`, first drops every idle one (e.g. after a server restart).
    package func checkout(fresh: Bool = false) throws -> Resource {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        if fresh {
            let stale = idle
            idle.removeAll()
            total -= stale.count
            condition.unlock()
            stale.forEach(destroy)
            condition.lock()
        }
        while true {
            if isClosed {
                condition.unlock()
                throw StorageError(.closed, "database is closed")
            }
            if let resource = idle.popLast() {
                condition.unlock()
                return resource
            }
            if total < capacity {
                total += 1
                condition.unlock()
                do {
                    return try make()
                } catch {
                    condition.lock()
                    total -= 1
                    condition.signal()
                    condition.unlock()
                    throw error
                }
            }
            if !condition.wait(until: deadline) {
                condition.unlock()
                throw StorageError(.poolExhausted,
                    "no connection free within \(timeout)s (pool of \(capacity)); a transaction may be holding one too long")
            }
        }
    }

    /// Returns a healthy resource to the pool.
    package func checkin(_ resource: Resource) {
        condition.lock()
        if isClosed {
            total -= 1
            condition.unlock()
            destroy(resource)
            return
        }
        idle.append(resource)
        condition.signal()
        condition.unlock()
    }

    /// Drops a broken resource, freeing its slot.
    package func discard(_ resource: Resource) {
        condition.lock()
        total -= 1
        condition.signal()
        condition.unlock()
        destroy(resource)
    }

    /// Releases idle resources now and checked-out ones when they come back; later checkouts throw `.closed`.
    package func close() {
        condition.lock()
        isClosed = true
        let released = idle
        idle.removeAll()
        total -= released.count
        condition.broadcast()
        condition.unlock()
        released.forEach(destroy)
    }

    /// Whether `close()` was called.
    package var closed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return isClosed
    }
}
