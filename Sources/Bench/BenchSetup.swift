import App
import Foundation
import Vapor

enum BenchSetup {
    /// Signs in through the real form (with its session and CSRF token, as a browser does) and returns the session cookie.
    static func signIn(_ client: any Client, base: String, login: String) async throws -> String {
        let page = try await client.get(URI(string: base + "/login"))
        // Every cookie the page sets goes back, as a browser sends them: the session's and the device's (in no set order).
        let cookies = page.headers[.setCookie].compactMap { $0.split(separator: ";").first.map(String.init) }
        guard cookies.contains(where: { $0.hasPrefix("kopilka_session=") }) else {
            throw Abort(.internalServerError, reason: "bench: the sign-in page set no session cookie")
        }
        let first = cookies.joined(separator: "; ")
        let html = page.body.map { String(buffer: $0) } ?? ""
        guard let r = html.range(of: "name=\"_csrf\" value=\""), let end = html[r.upperBound...].firstIndex(of: "\"") else {
            throw Abort(.internalServerError, reason: "bench: no CSRF token on the sign-in page")
        }
        let token = String(html[r.upperBound..<end])
        let res = try await client.post(URI(string: base + "/login"), headers: ["Cookie": first]) { req in
            req.headers.contentType = .urlEncodedForm
            req.body = ByteBuffer(string: "login=\(login)&password=demo&_csrf=\(token)")
        }
        guard res.status == .seeOther,
              let cookie = res.headers[.setCookie].compactMap({ $0.split(separator: ";").first.map(String.init) })
                .first(where: { $0.hasPrefix("kopilka_session=") }) else {
            throw Abort(.internalServerError, reason: "bench: sign-in as \(login) failed with \(res.status)")
        }
        return cookie
    }

    /// The CSRF token a signed-in page carries.
    static func csrf(_ client: any Client, base: String, path: String, cookie: String) async throws -> String {
        let res = try await client.get(URI(string: base + path), headers: ["Cookie": cookie])
        let html = res.body.map { String(buffer: $0) } ?? ""
        guard let r = html.range(of: "data-csrf=\""), let end = html[r.upperBound...].firstIndex(of: "\"") else {
            throw Abort(.internalServerError, reason: "bench: no CSRF token on \(path)")
        }
        return String(html[r.upperBound..<end])
    }

    /// The page answers 200 for this session (a redirect to sign-in would make the load measure the wrong page).
    static func expectOK(_ client: any Client, _ url: String, cookie: String) async throws {
        let res = try await client.get(URI(string: url), headers: ["Cookie": cookie])
        guard res.status == .ok else { throw BenchError("bench: \(url) answered \(res.status)") }
    }
}
