import Vapor

extension RoutesBuilder {
    /// A POST that takes files: its body streams into an `UploadForm` (files to disk as they arrive), read once by the
    /// CSRF check and handed to the handler as `req.uploadForm`. `maxBytes` is the largest file the handler accepts.
    @discardableResult
    /// Only a signed-in user's body is read; `beforeSetup` admits anyone while the installation has no school (the
    /// setup wizard's package, which checks its one-time code itself).
    func upload<R: AsyncResponseEncodable>(_ route: RouteTable, maxBytes: Int, beforeSetup: Bool = false,
                                           use closure: @Sendable @escaping (Request) async throws -> R) -> Route {
        let r = on(.POST, route.components, body: .stream, use: closure)
        r.userInfo[UploadForm.routeKey] = maxBytes
        if beforeSetup { r.userInfo[UploadForm.beforeSetupKey] = true }
        return r
    }
}

extension UploadForm {
    static let routeKey = "kopilka.upload"
    static let beforeSetupKey = "kopilka.upload.before-setup"

    private struct StorageKey: Vapor.StorageKey { typealias Value = UploadForm }

    /// The form already read for this request, if any.
    static func stored(_ req: Request) -> UploadForm? { req.storage[StorageKey.self] }

    /// Reads the form of an upload route (once; a second call returns the same form). Nil for any other route.
    static func read(for req: Request) async throws -> UploadForm? {
        if let form = req.storage[StorageKey.self] { return form }
        guard let maxBytes = req.route?.userInfo[routeKey] as? Int else { return nil }
        // Nothing of a stranger's body reaches the disk: the sign-in is checked before the first byte is read, as
        // `ActorMiddleware` checks it (a session ended by a password change or run out is a stranger's).
        if SessionClock.liveUser(req) == nil {
            guard req.route?.userInfo[beforeSetupKey] as? Bool == true, try await SchoolQueries.noSchool(req.db) else {
                throw Abort(.unauthorized, reason: req.t("error.session_expired"))
            }
        }
        let limits = Limits(fileBytes: maxBytes + (1 << 20), shownMB: max(1, maxBytes >> 20))
        let form: UploadForm
        do { form = try await read(req, limits: limits, directory: req.application.blobs.root + "/tmp") } catch let p as Problem {
            throw Abort(p.status, reason: p.message(req))
        }
        req.storage[StorageKey.self] = form
        return form
    }
}

extension Request {
    /// The form of an upload route, read by the CSRF check.
    var uploadForm: UploadForm {
        get async throws {
            guard let form = try await UploadForm.read(for: self) else { throw Abort(.badRequest, reason: t("upload.error.malformed")) }
            return form
        }
    }
}
