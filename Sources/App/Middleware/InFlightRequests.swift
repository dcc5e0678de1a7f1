import NIOConcurrencyHelpers
import Vapor

/// Requests being answered, so that a stopping server lets them finish before the databases close. Without it a
/// request still running when `serve` got SIGTERM (an upgrade, a restart) reached a database that was already shut
/// down and the process crashed instead of exiting cleanly.
final class InFlightRequests: Sendable {
    private let count = NIOLockedValueBox(0)
    var current: Int { count.withLockedValue { $0 } }
    func enter() { count.withLockedValue { $0 += 1 } }
    func leave() { count.withLockedValue { $0 -= 1 } }
}
