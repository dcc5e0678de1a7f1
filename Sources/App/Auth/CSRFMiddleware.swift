import Crypto
import Foundation
import Vapor

/// Checks the CSRF token on every POST/PUT/PATCH/DELETE of the cookie-session web UI.
/// A missing session (expired, or never started) gets the "session expired" page; a wrong token gets 403.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else {
            return try await next.respond(to: request)
        }
        guard request.hasSession, let expected = request.session.data[CSRF.sessionKey] else {
            throw Abort(.unauthorized, reason: request.t("error.session_expired"))
        }
        var sent = request.headers.first(name: "X-CSRF-Token")
        if sent == nil {
            // A form larger than one network chunk arrives as a stream: collect it before reading the token.
            // Up to the upload limit (evidence files) plus room for the other fields; only a session holder gets here.
            _ = try await request.body.collect(max: request.application.kopilkaConfig.maxUploadBytes + (1 << 20)).get()
            sent = try? request.content.get(String.self, at: CSRF.field)
        }
        let token = sent ?? ""
        guard CSRF.equal(token, expected) else {
            throw Abort(.forbidden, reason: request.t("error.csrf"))
        }
        return try await next.respond(to: request)
    }
}
