import Domain
import Fluent
import Vapor

/// Sends visitors of an empty installation to the setup page.
struct SetupRedirectMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.method == .GET, request.application.setupToken != nil, [RouteTable.home.path(), RouteTable.login.path()].contains(request.url.path),
           try await SchoolQueries.noSchool(request.db) {
            return request.redirect(to: RouteTable.setup.path())
        }
        return try await next.respond(to: request)
    }
}
