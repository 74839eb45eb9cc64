import Foundation

/// A fixed set of threads that run blocking jobs from a bounded queue.
///
/// Gatehouse's C libraries all block, so work is spread over plain threads rather
/// than Swift's cooperative pool. A full queue refuses new work at once, so a flood
/// queues to a bound and is then turned away instead of exhausting memory.
public final class WorkerPool: @unchecked Sendable {
    // @unchecked: every mutable field below is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var queue: [@Sendable () -> Void] = []
    private var head = 0
    private var running = 0
    private var accepting = true
    private var threads: [Thread] = []
    private var exited = 0

    /// The pool's name, used in thread names and metrics.
    public let name: String
    /// How many jobs may wait before `submit` refuses more.
    public let queueLimit: Int
    /// How many threads run jobs.
    public let threadCount: Int

    /// Starts `threads` threads that take jobs from a queue of at most `queueLimit` entries.
    public init(name: String, threads: Int, queueLimit: Int) {
        precondition(threads > 0 && queueLimit >= 0, "a worker pool needs at least one thread")
        self.name = name
        self.queueLimit = queueLimit
        self.threadCount = threads
        for index in 0..<threads {
            let thread = Thread { self.work() }  // the threads keep the pool alive until shutdown()
            thread.name = "\(name)-\(index)"
            thread.stackSize = 1 << 20
            appendThread(thread)
            thread.start()
        }
    }

    private func appendThread(_ thread: Thread) {
        condition.lock(); threads.append(thread); condition.unlock()
    }

    /// Queues a job; returns false when the queue is full or the pool is shutting down.
    @discardableResult
    public func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard accepting, queue.count - head < queueLimit + idleThreads else { return false }
        queue.append(job)
        condition.signal()
        return true
    }

    /// Runs `body` on the pool and waits for its result; throws `WorkerPoolError.saturated` when the queue is full.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        let outcome = Outcome<T>()
        let accepted = submit {
            outcome.finish(Result { try body() })
        }
        guard accepted else { throw WorkerPoolError(pool: name) }
        return try outcome.wait().get()
    }

    /// Jobs waiting for a thread.
    public var queueDepth: Int {
        condition.lock(); defer { condition.unlock() }
        return queue.count - head
    }

    /// Jobs running now.
    public var busyThreads: Int {
        condition.lock(); defer { condition.unlock() }
        return running
    }

    /// Stops taking jobs, lets queued and running jobs finish, and waits for the threads to end.
    public func shutdown() {
        condition.lock()
        accepting = false
        condition.broadcast()
        while exited < threads.count { condition.wait() }
        condition.unlock()
    }

    private var idleThreads: Int { threadCount - running }

    private func work() {
        condition.lock()
        while true {
            while head == queue.count && accepting { condition.wait() }
            if head == queue.count {  // not accepting and nothing left
                exited += 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let job = queue[head]
            head += 1
            if head > 1024 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            running += 1
            condition.unlock()
            job()
            condition.lock()
            running -= 1
        }
    }
}

/// A job's result, handed from a pool thread to the thread waiting for it.
private final class Outcome<T: Sendable>: @unchecked Sendable {
    // @unchecked: `result` is written once before `done` is signalled and read after waiting on it.
    private var result: Result<T, any Error>?
    private let done = DispatchSemaphore(value: 0)

    func finish(_ result: Result<T, any Error>) {
        self.result = result
        done.signal()
    }

    func wait() -> Result<T, any Error> {
        done.wait()
        return result!
    }
}

/// A pool refused work because its queue is full.
public struct WorkerPoolError: Error, CustomStringConvertible, Equatable {
    /// The name of the pool that refused.
    public let pool: String
    public var description: String { "the \(pool) pool is saturated" }
}
