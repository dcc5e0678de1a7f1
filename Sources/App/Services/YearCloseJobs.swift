import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The year close running in the background of `serve` (issue 17): the head's request starts it and the `/year` page
/// shows its progress (refreshing itself) until it has finished or failed. One close per school at a time; the close
/// itself is one transaction plus the archive, so a server stopped midway leaves the year whole or untouched.
final class YearCloseJobs: Sendable {
    struct State: Sendable {
        var year: String
        var step: String
        var done: Int
        var total: Int
        var finished: Bool = false
        var failure: String?
        var startedAt = Date()
        /// Percent done, for the progress bar.
        var percent: Int { total == 0 ? 0 : min(100, done * 100 / total) }
    }

    private let states = NIOLockedValueBox<[UUID: State]>([:])

    func state(_ school: UUID) -> State? { states.withLockedValue { $0[school] } }

    /// Starts `work` for `school` unless a close is already running there (false then).
    func start(_ school: UUID, year: String, logger: Logger,
               work: @escaping @Sendable (@escaping YearClose.Progress) async throws -> Void) -> Bool {
        let started = states.withLockedValue { s -> Bool in
            if let running = s[school], !running.finished { return false }
            s[school] = State(year: year, step: "Начало", done: 0, total: 1)
            return true
        }
        guard started else { return false }
        Task.detached {
            do {
                try await work { step, done, total in
                    self.states.withLockedValue { s in
                        s[school]?.step = step; s[school]?.done = done; s[school]?.total = total
                    }
                }
                self.states.withLockedValue { s in
                    guard var done = s[school] else { return }
                    done.finished = true; done.done = done.total
                    s[school] = done
                }
            } catch {
                let text = (error as? YearClose.Problem)?.description ?? "\(error)"
                logger.error("year close failed: \(text)")
                self.states.withLockedValue { $0[school]?.finished = true; $0[school]?.failure = text }
            }
        }
        return true
    }

    /// Waits up to `seconds` for the school's close to finish (a fast close answers with its result at once).
    func wait(_ school: UUID, seconds: Double) async {
        let until = Date().addingTimeInterval(seconds)
        while Date() < until, let s = state(school), !s.finished {
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
    }
}

struct YearCloseJobsKey: StorageKey { typealias Value = YearCloseJobs }

extension Application {
    var yearCloseJobs: YearCloseJobs {
        guard let j = storage[YearCloseJobsKey.self] else { fatalError("configure(_:config:) sets the year close jobs") }
        return j
    }
}
