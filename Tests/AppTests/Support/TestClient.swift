@testable import App
import Foundation
import Vapor

/// Real HTTP against the app on a loopback port, with a cookie jar like a browser's.
final class TestClient: @unchecked Sendable {
    let app: Application
    let base: String
    private var cookies: [String: String] = [:]

    private init(app: Application, base: String) {
        self.app = app
        self.base = base
    }

    /// Starts the server on a free loopback port; it is stopped when the app shuts down.
    static func start(_ app: Application) async throws -> TestClient {
        app.http.client.configuration.redirectConfiguration = .disallow
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        app.storage[ServerStartedKey.self] = true
        guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError) }
        return TestClient(app: app, base: "http://127.0.0.1:\(port)")
    }

    func get(_ path: String) async throws -> ClientResponse {
        try await send(.GET, path, body: nil)
    }

    func post(_ path: String, form: [String: String]) async throws -> ClientResponse {
        let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
        return try await send(.POST, path, body: body)
    }

    /// Signs in and checks that the sign-in succeeded (a redirect home).
    @discardableResult
    func signIn(_ login: String, _ password: String = "demo") async throws -> ClientResponse {
        let res = try await post("/login", form: ["login": login, "password": password])
        return res
    }

    func body(_ res: ClientResponse) -> String {
        res.body.map { String(buffer: $0) } ?? ""
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
        return res
    }
}

struct ServerStartedKey: StorageKey { typealias Value = Bool }

/// Stops the loopback server a test started (Vapor insists it is shut down before the app is).
func stopServerIfStarted(_ app: Application) async {
    if app.storage[ServerStartedKey.self] == true {
        await app.server.shutdown()
    }
}
