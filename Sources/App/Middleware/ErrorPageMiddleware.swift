import Vapor

/// Maps every error once: an HTML page for people, JSON for `/api` and `/health`. No internals shown.
struct ErrorPageMiddleware: AsyncMiddleware {
    let environment: Environment

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let status: HTTPResponseStatus
            var reason: String?
            if let abort = error as? any AbortError {
                status = abort.status
                // Reasons of 4xx errors are written for people; 5xx reasons stay in the log.
                if status.code < 500, abort.reason != status.reasonPhrase { reason = abort.reason }
            } else {
                status = .internalServerError
            }
            if status.code >= 500 {
                request.logger.report(error: error)
            }
            return await render(status: status, reason: reason, for: request)
        }
    }

    private func render(status: HTTPResponseStatus, reason: String?, for request: Request) async -> Response {
        let path = request.url.path
        let wantsJSON = path.hasPrefix("/api/") || path == Paths.health
            || request.headers.accept.first.map { $0.mediaType.type == "application" && $0.mediaType.subType == "json" } == true
        if wantsJSON {
            let body = ["status": Int(status.code).description, "title": title(status, request), "detail": reason ?? ""]
            let response = Response(status: status)
            try? response.content.encode(body, as: .json)
            return response
        }
        let context = ErrorPage(code: Int(status.code), title: title(status, request),
                                message: reason ?? message(status, request), lang: request.language)
        do {
            let view = try await request.view.render("errors/error", context)
            let response = try await view.encodeResponse(status: status, for: request)
            return response
        } catch {
            let response = Response(status: status, body: .init(string: "\(status.code) \(context.title)"))
            response.headers.contentType = .plainText
            return response
        }
    }

    private func title(_ status: HTTPResponseStatus, _ req: Request) -> String {
        switch status.code {
        case 404: return req.t("error.404.title")
        case 403: return req.t("error.403.title")
        case 401: return req.t("error.401.title")
        case 400..<500: return req.t("error.400.title")
        default: return req.t("error.500.title")
        }
    }

    private func message(_ status: HTTPResponseStatus, _ req: Request) -> String {
        switch status.code {
        case 404: return req.t("error.404.text")
        case 403: return req.t("error.403.text")
        case 401: return req.t("error.401.text")
        case 400..<500: return req.t("error.400.text")
        default: return req.t("error.500.text")
        }
    }
}

struct ErrorPage: Encodable {
    let code: Int
    let title: String
    let message: String
    let lang: String
}
