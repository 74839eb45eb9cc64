/// A small least-recently-used map; eviction scans, which is fine for the few dozen entries it holds.
package struct LRUCache<Key: Hashable, Value> {
    private var entries: [Key: (value: Value, tick: UInt64)] = [:]
    private var clock: UInt64 = 0
    /// The most entries kept.
    package let capacity: Int

    /// An empty cache holding at most `capacity` entries.
    package init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The value for `key`, marking it most recently used.
    package mutating func get(_ key: Key) -> Value? {
        guard let entry = entries[key] else { return nil }
        clock += 1
        entries[key] = (entry.value, clock)
        return entry.value
    }

    /// Stores `value` and returns the entries evicted to make room.
    package mutating func insert(_ key: Key, _ value: Value) -> [Value] {
        clock += 1
        entries[key] = (value, clock)
        var evicted: [Value] = []
        while entries.count > capacity, let oldest = entries.min(by: { $0.value.tick < $1.value.tick }) {
            evicted.append(oldest.value.value)
            entries[oldest.key] = nil
        }
        return evicted
    }

    /// The keys present, in no particular order.
    package var keys: [Key] { Array(entries.keys) }

    /// Empties the cache and returns what it held.
    package mutating func removeAll() -> [Value] {
        let values = entries.values.map(\.value)
        entries.removeAll()
        return values
    }
}
