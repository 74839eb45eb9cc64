import Foundation
import Synchronization
import Testing
import Workers

@Suite("Worker pool")
struct WorkerPoolTests {
    @Test func runReturnsTheResultAndRethrows() throws {
        let pool = WorkerPool(name: "test", threads: 2, queueLimit: 4)
        defer { pool.shutdown() }
        #expect(try pool.run { 21 * 2 } == 42)
        struct Boom: Error {}
        #expect(throws: Boom.self) { try pool.run { throw Boom() } }
    }

    @Test func aFullQueueRefusesAtOnce() throws {
        let pool = WorkerPool(name: "test", threads: 1, queueLimit: 1)
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        #expect(pool.submit { started.signal(); release.wait() })
        started.wait()
        #expect(pool.submit { })            // one may wait
        #expect(!pool.submit { })           // the next is refused, not queued
        #expect(throws: WorkerPoolError.self) { try pool.run { 1 } }
        release.signal()
        pool.shutdown()
    }

    @Test func shutdownFinishesQueuedJobsThenRefuses() {
        let pool = WorkerPool(name: "test", threads: 2, queueLimit: 100)
        let done = Atomic(0)
        for _ in 0..<50 { pool.submit { usleep(100); done.add(1, ordering: .relaxed) } }
        pool.shutdown()
        #expect(done.load(ordering: .relaxed) == 50)
        #expect(!pool.submit {})
    }
}
