import Vapor

/// What every request must look like before any route sees it: a URL of at most 4 KB (414 beyond, with a page in
/// Russian) and, for a multipart body, a boundary a parser can take (400; an empty boundary would stop the process).
struct RequestShapeMiddleware: AsyncMiddleware {
    static let maxURLBytes = 4096

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.url.string.utf8.count <= Self.maxURLBytes else {
            throw Abort(.uriTooLong, reason: request.t("error.uri_too_long", String(Self.maxURLBytes / 1024)))
        }
        if case .some(nil) = UploadForm.boundary(request.headers) {
            throw Abort(.badRequest, reason: request.t("upload.error.malformed"))
        }
        return try await next.respond(to: request)
    }
}
