@testable import App
import Foundation
import Vapor

/// Real HTTP against the app on a loopback port, with a cookie jar like a browser's.
final class TestClient: @unchecked Sendable {
    let app: Application
    let base: String
    private var cookies: [String: String] = [:]
    /// The CSRF token of the latest page that carried one (like a browser's form would).
    private(set) var csrf: String?

    private init(app: Application, base: String) {
        self.app = app
        self.base = base
    }

    /// Starts the server on a free loopback port; it is stopped when the app shuts down.
    /// A second client of the same app (another browser) shares the running server.
    static func start(_ app: Application) async throws -> TestClient {
        if app.storage[ServerStartedKey.self] != true {
            app.http.client.configuration.redirectConfiguration = .disallow
            // Concurrent-submit tests open twenty connections at once, on a machine busy with other suites.
            app.http.client.configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 32
            app.http.client.configuration.timeout.connect = .seconds(60)
            // A connection the server stopped reading fails the test that used it instead of stalling the whole run.
            app.http.client.configuration.timeout.read = .seconds(300)
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            app.storage[ServerStartedKey.self] = true
        }
        guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError) }
        return TestClient(app: app, base: "http://127.0.0.1:\(port)")
    }

    /// The session cookies as a `Cookie` header value (for hand-made requests).
    var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    func get(_ path: String) async throws -> ClientResponse {
        try await send(.GET, path, body: nil)
    }

    /// Posts a form the way a browser does: with the CSRF token of the last page, unless `csrf` says otherwise.
    func post(_ path: String, form: [String: String], csrf override: String?? = .none) async throws -> ClientResponse {
        var form = form
        switch override {
        case .none: if let csrf { form["_csrf"] = csrf }
        case .some(.none): break
        case .some(.some(let token)): form["_csrf"] = token
        }
        let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
        return try await send(.POST, path, body: body)
    }

    /// Uploads a file as a browser's multipart form does, with the page's CSRF token.
    func upload(_ path: String, field: String, filename: String, data: Data) async throws -> ClientResponse {
        let boundary = "kopilka-\(UUID().uuidString)"
        var body = Data()
        func add(_ s: String) { body.append(Data(s.utf8)) }
        if let csrf { add("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n") }
        add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.append(data)
        add("\r\n--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        headers.add(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        headers.add(name: .accept, value: "text/html")
        let res = try await app.client.send(.POST, headers: headers, to: URI(string: base + path)) { req in
            req.body = ByteBuffer(data: body)
        }
        remember(res)
        return res
    }

    /// Posts a multipart form with fields (repeated names allowed) and files, as a browser does, with the CSRF token.
    func multipart(_ path: String, fields: [(String, String)], files: [(field: String, filename: String, data: Data)] = []) async throws -> ClientResponse {
        let boundary = "kopilka-\(UUID().uuidString)"
        var body = Data()
        func add(_ s: String) { body.append(Data(s.utf8)) }
        if let csrf { add("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n") }
        for (name, value) in fields {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for f in files {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(f.field)\"; filename=\"\(f.filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            body.append(f.data)
            add("\r\n")
        }
        add("--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        headers.add(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        headers.add(name: .accept, value: "text/html")
        let res = try await app.client.send(.POST, headers: headers, to: URI(string: base + path)) { req in
            req.body = ByteBuffer(data: body)
        }
        remember(res)
        return res
    }

    /// Posts a URL-encoded form with repeated field names (checkbox lists such as `pupils[]`).
    func post(_ path: String, pairs: [(String, String)]) async throws -> ClientResponse {
        var all = pairs
        if let csrf { all.append(("_csrf", csrf)) }
        let body = all.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
        return try await sendForm(path, body: body)
    }

    /// The same form posted `times` times at once from this browser (a double click, an impatient user, a flaky
    /// network retrying): one session, one CSRF token, the same fields. Returns each answer's status and body.
    func postConcurrently(_ path: String, pairs: [(String, String)], times: Int) async throws -> [(HTTPStatus, String)] {
        var all = pairs
        if let csrf { all.append(("_csrf", csrf)) }
        let body = all.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: cookieHeader)
        headers.add(name: .accept, value: "text/html")
        headers.add(name: .contentType, value: "application/x-www-form-urlencoded")
        let (client, url, fixed) = (app.client, URI(string: base + path), headers)
        return try await withThrowingTaskGroup(of: (HTTPStatus, String).self) { group in
            for _ in 0..<times {
                group.addTask {
                    let res = try await client.send(.POST, headers: fixed, to: url) { $0.body = ByteBuffer(string: body) }
                    return (res.status, res.body.map { String(buffer: $0) } ?? "")
                }
            }
            var out: [(HTTPStatus, String)] = []
            for try await r in group { out.append(r) }
            return out
        }
    }

    /// Signs in and checks that the sign-in succeeded (a redirect home).
    @discardableResult
    func signIn(_ login: String, _ password: String = "demo") async throws -> ClientResponse {
        _ = try await get("/login")
        let res = try await post("/login", form: ["login": login, "password": password])
        if res.status == .seeOther { _ = try await get("/") }  // a signed-in page: the new session's token
        return res
    }

    func body(_ res: ClientResponse) -> String {
        res.body.map { String(buffer: $0) } ?? ""
    }

    /// A GET with extra headers (a forged Host, a proxy's X-Forwarded-For), with the session's cookies.
    func get(_ path: String, headers extra: [(String, String)]) async throws -> ClientResponse {
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: cookieHeader)
        headers.add(name: .accept, value: "text/html")
        for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
        let res = try await app.client.send(.GET, headers: headers, to: URI(string: base + path))
        remember(res)
        return res
    }

    /// A POST of any bytes with any content type, with the session's cookies (what a hostile client sends).
    func raw(_ path: String, contentType: String, body: Data, headers extra: [(String, String)] = []) async throws -> ClientResponse {
        var headers = HTTPHeaders()
        for (name, value) in extra { headers.add(name: name, value: value) }
        headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        headers.add(name: .contentType, value: contentType)
        headers.add(name: .accept, value: "text/html")
        if let csrf { headers.add(name: "X-CSRF-Token", value: csrf) }
        let res = try await app.client.send(.POST, headers: headers, to: URI(string: base + path)) { req in req.body = ByteBuffer(data: body) }
        remember(res)
        return res
    }

    private func sendForm(_ path: String, body: String) async throws -> ClientResponse {
        try await send(.POST, path, body: body)
    }

    private func send(_ method: HTTPMethod, _ path: String, body: String?) async throws -> ClientResponse {
        var headers = HTTPHeaders()
        if !cookies.isEmpty {
            headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        headers.add(name: .accept, value: "text/html")
        if body != nil { headers.add(name: .contentType, value: "application/x-www-form-urlencoded") }
        let res = try await app.client.send(method, headers: headers, to: URI(string: base + path)) { req in
            if let body { req.body = ByteBuffer(string: body) }
        }
        remember(res)
        return res
    }

    /// Keeps the page's CSRF token and the cookies the server set or cleared, as a browser does.
    private func remember(_ res: ClientResponse) {
        if let html = res.body.map({ String(buffer: $0) }), let r = html.range(of: "name=\"_csrf\" value=\"") {
            let rest = html[r.upperBound...]
            if let end = rest.firstIndex(of: "\"") { csrf = String(rest[..<end]) }
        }
        for value in res.headers[.setCookie] {
            let pair = value.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if value.lowercased().contains("max-age=0") || value.lowercased().contains("expires=thu, 01 jan 1970") {
                cookies[parts[0]] = nil
            } else {
                cookies[parts[0]] = parts[1]
            }
        }
    }
}

struct ServerStartedKey: StorageKey { typealias Value = Bool }

/// Stops the loopback server a test started (Vapor insists it is shut down before the app is).
func stopServerIfStarted(_ app: Application) async {
    if app.storage[ServerStartedKey.self] == true {
        await app.server.shutdown()
    }
}
