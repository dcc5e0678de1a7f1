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

struct InFlightMiddleware: AsyncMiddleware {
    let requests: InFlightRequests
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        requests.enter()
        defer { requests.leave() }
        return try await next.respond(to: request)
    }
}

/// On shutdown, waits (up to `timeout`) for the requests in flight; lifecycle handlers stop before the databases do.
struct DrainRequests: LifecycleHandler {
    let requests: InFlightRequests
    var timeout: Double = 10
    func shutdownAsync(_ application: Application) async {
        let deadline = Date().addingTimeInterval(timeout)
        while requests.current > 0 && Date() < deadline {
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
    }
}
