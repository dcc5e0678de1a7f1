import Vapor

/// Maps every error once: an HTML page for people, JSON for `/api` and `/health`. No internals shown.
struct ErrorPageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let status: HTTPResponseStatus
            var reason: String?
            if let decoding = error as? DecodingError {
                // A form or JSON body that does not fit: name the field in Russian, not Swift's English.
                status = .badRequest
                reason = request.t("error.field", Self.field(of: decoding))
            } else if let abort = error as? any AbortError {
                status = abort.status
                // Reasons of 4xx errors (and of 503, what is not set up yet) are written for people; other 5xx reasons
                // stay in the log.
                if status.code < 500 || status == .serviceUnavailable, abort.reason != status.reasonPhrase { reason = abort.reason }
            } else {
                status = .internalServerError
            }
            if status == .payloadTooLarge, reason == nil {
                // A body stopped by a route's own limit, with no reason of its own: the upload limit is the likely one.
                reason = request.t("upload.error.too_large", String(request.application.kopilkaConfig.maxUploadBytes >> 20))
            }
            if status.code >= 500 {
                request.logger.report(error: error)
            }
            return await render(status: status, reason: reason, for: request)
        }
    }

    private func render(status: HTTPResponseStatus, reason: String?, for request: Request) async -> Response {
        let path = request.url.path
        let wantsJSON = RouteTable.isAPI(path) || path == RouteTable.health.path()
            || request.headers.accept.first.map { $0.mediaType.type == "application" && $0.mediaType.subType == "json" } == true
        if wantsJSON {
            // RFC 9457 problem details.
            let body = Problem(type: "about:blank", title: title(status, request), status: Int(status.code),
                               detail: reason ?? message(status, request), instance: path)
            let response = Response(status: status)
            try? response.content.encode(body, as: .json)
            response.headers.replaceOrAdd(name: .contentType, value: "application/problem+json; charset=utf-8")
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

    /// The field a decoding error is about («login», «items[2].value»).
    static func field(of error: DecodingError) -> String {
        let path: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let ctx): path = ctx.codingPath + [key]
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx): path = ctx.codingPath
        @unknown default: path = []
        }
        let name = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return name.isEmpty ? "—" : name
    }

    private func title(_ status: HTTPResponseStatus, _ req: Request) -> String {
        req.t("error.\(kind(status)).title")
    }

    private func message(_ status: HTTPResponseStatus, _ req: Request) -> String {
        req.t("error.\(kind(status)).text")
    }

    /// The localisation key of a status: its own for 401/403/404, else 400 or 500.
    private func kind(_ status: HTTPResponseStatus) -> Int {
        switch status.code {
        case 401, 403, 404: return Int(status.code)
        case 400..<500: return 400
        default: return 500
        }
    }
}
