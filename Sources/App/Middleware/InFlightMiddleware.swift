import NIOConcurrencyHelpers
import Vapor

struct InFlightMiddleware: AsyncMiddleware {
    let requests: InFlightRequests
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        requests.enter()
        defer { requests.leave() }
        return try await next.respond(to: request)
    }
}
