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
        if let form = try await UploadForm.read(for: request) {
            // A form with files is read once, files to disk; the handler takes the same form.
            sent = sent ?? form.value(CSRF.field)
        } else if sent == nil {
            // The form was collected whole by `RequestShapeMiddleware` (at most 1 MB).
            sent = try? request.content.get(String.self, at: CSRF.field)
        }
        let token = sent ?? ""
        guard CSRF.equal(token, expected) else {
            throw Abort(.forbidden, reason: request.t("error.csrf"))
        }
        return try await next.respond(to: request)
    }
}
