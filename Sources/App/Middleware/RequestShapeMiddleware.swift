import Vapor

/// What every request must look like before any route sees it: a URL of at most 4 KB (414 beyond, with a page in
/// Russian); for a multipart body, a boundary a parser can take (400; an empty boundary would stop the process); a
/// body without files of at most 1 MB; and no NUL anywhere (400).
struct RequestShapeMiddleware: AsyncMiddleware {
    static let maxURLBytes = 4096
    /// The largest body of a route without files (a form, a JSON request); a long description is a few kilobytes.
    static let formBytes = 1 << 20

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.url.string.utf8.count <= Self.maxURLBytes else {
            throw Abort(.uriTooLong, reason: request.t("error.uri_too_long", String(Self.maxURLBytes / 1024)))
        }
        if case .some(nil) = UploadForm.boundary(request.headers) {
            throw Abort(.badRequest, reason: request.t("upload.error.malformed"))
        }
        // A NUL is kept by no database as sent (SQLite's reader cuts the text there, PostgreSQL refuses it): refused
        // here, up front, in the address, a form or a JSON body (a streamed upload's fields: `UploadForm`).
        // An upload's body holds files (binary, NUL and all): its text fields are checked as they are read (`UploadForm`).
        let takesFiles = request.route?.userInfo[UploadForm.routeKey] != nil
        if request.route != nil, !takesFiles, request.body.data == nil {
            // The body every route but an upload takes whole, collected here to be looked at (one larger than a network
            // chunk arrives as a stream): at most `formBytes`, for a form and a JSON body alike.
            do {
                _ = try await request.body.collect(max: Self.formBytes).get()
            } catch let abort as any AbortError where abort.status == .payloadTooLarge {
                throw Abort(.payloadTooLarge, reason: request.t("upload.error.form_too_large", String(Self.formBytes >> 20)))
            }
        }
        // Each encoding is read as what it is: «%00» is a NUL in a form or an address but plain text inside JSON,
        // where the NUL is «\u0000».
        let type = request.headers.contentType
        let escapes: Escapes = type == .json ? .json : type == .urlEncodedForm ? .percent : [.percent, .json]
        if Self.carriesNUL(request.url.query.map { Substring($0) } ?? "") || Self.carriesNUL(request.url.path[...])
            || (!takesFiles && request.body.data.map({ Self.carriesNUL($0.readableBytesView, escapes) }) == true) {
            throw Abort(.badRequest, reason: request.t("error.nul_character"))
        }
        return try await next.respond(to: request)
    }

    struct Escapes: OptionSet {
        let rawValue: Int
        static let percent = Escapes(rawValue: 1)   // «%00»
        static let json = Escapes(rawValue: 2)      // «\u0000», any case
    }

    /// A raw NUL, or its escape in the encodings given.
    static func carriesNUL<C: Collection>(_ bytes: C, _ escapes: Escapes = .percent) -> Bool where C.Element == UInt8 {
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let b = bytes[i]
            if b == 0 { return true }
            if b == UInt8(ascii: "%") || b == UInt8(ascii: "\\") {
                let rest = bytes[bytes.index(after: i)...].prefix(5)
                if b == UInt8(ascii: "%"), escapes.contains(.percent), rest.starts(with: "00".utf8) { return true }
                if b == UInt8(ascii: "\\"), escapes.contains(.json), rest.count == 5, rest.first.map({ $0 | 0x20 }) == UInt8(ascii: "u"), rest.dropFirst().elementsEqual("0000".utf8) {
                    return true
                }
            }
            i = bytes.index(after: i)
        }
        return false
    }

    static func carriesNUL(_ text: Substring) -> Bool { carriesNUL(text.utf8, .percent) }
}
