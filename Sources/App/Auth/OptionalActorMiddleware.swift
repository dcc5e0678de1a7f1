import Domain
import Fluent
import Vapor

/// Loads the actor when someone is signed in, and lets everyone else through (pages open to all).
struct OptionalActorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(User.self) else { return try await next.respond(to: request) }
        return try await ActorMiddleware().respond(to: request, chainingTo: next)
    }
}
