import Domain
import Fluent
import Vapor

/// Requires a signed-in, active user with a live session; loads their assignments in the current school
/// once per request. The school comes from the session only if the user holds an assignment there.
struct ActorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = SessionClock.liveUser(request) else {
            request.auth.logout(User.self)
            if request.hasSession { request.session.destroy() }
            if request.method == .GET {
                let path = request.url.path
                let next = path == RouteTable.home.path() ? "" : "?next=" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "")
                return request.redirect(to: RouteTable.login.path() + next)
            }
            throw Abort(.unauthorized, reason: request.t("error.session_expired"))
        }
        request.storage[CurrentActorKey.self] = try await CurrentActor.load(
            request, user: user, wanted: request.session.data["school"].flatMap(UUID.init(uuidString:)))
        // A temporary password must be replaced before anything else.
        if user.mustChangePassword && request.url.path != RouteTable.accountPassword.path() && request.url.path != RouteTable.logout.path() {
            return request.redirect(to: RouteTable.accountPassword.path())
        }
        return try await next.respond(to: request)
    }
}
