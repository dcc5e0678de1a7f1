import App
import Foundation
import Vapor

enum BenchSetup {
    /// Migrates, seeds the demo school and returns the path of a 2А pupil's card.
    static func prepare(_ app: Application) async throws -> String {
        try await app.autoMigrate()
        try await BenchFixtures.seedDemo(app)
        return try await BenchFixtures.pupilCardPath(app, classTitle: "2А")
    }

    /// Signs in through the real form and returns the session cookie.
    static func signIn(_ app: Application, base: String, login: String) async throws -> String {
        let res = try await app.client.post(URI(string: base + "/login")) { req in
            req.headers.contentType = .urlEncodedForm
            req.body = ByteBuffer(string: "login=\(login)&password=demo")
        }
        guard res.status == .seeOther,
              let cookie = res.headers[.setCookie].first?.split(separator: ";").first.map(String.init) else {
            throw Abort(.internalServerError, reason: "bench: sign-in as \(login) failed with \(res.status)")
        }
        return cookie
    }
}
