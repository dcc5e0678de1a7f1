@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Credentials that can be taken back: a password change, an admin's reset or switching an account off ends every
/// other session of the user and revokes their API tokens; tokens expire and wait while a password must change.
@Suite struct CredentialTests {
    typealias A = AchievementTests

    static func user(_ app: Application, _ login: String) async throws -> User {
        try #require(try await User.query(on: app.db).filter(\.$login == login).first())
    }

    /// Whether a client's session still acts: the home page answers instead of sending to sign-in.
    static func signedIn(_ c: TestClient) async throws -> Bool {
        try await c.get("/").status == .ok
    }

    @Test func aPasswordChangeEndsTheOtherSessionsAndTokensButNotTheOwnOne() async throws {
        try await withKopilka(demo: true) { app in
            let laptop = try await A.signedIn(app, "teacher")
            let phone = try await A.signedIn(app, "teacher")
            let token = try await APITests.token(app, "teacher")
            #expect(try await APITests.get(app, "/api/v1/pupils", token: token).status == .ok)
            _ = try await laptop.get("/account/password")
            let changed = try await laptop.post("/account/password", form: ["current": "demo", "new": "Лето-2026!", "repeat": "Лето-2026!"])
            #expect(changed.status == .seeOther)
            #expect(try await Self.signedIn(laptop))
            #expect(try await !Self.signedIn(phone))
            #expect(try await APITests.get(app, "/api/v1/pupils", token: token).status == .unauthorized)
            let teacher = try await Self.user(app, "teacher")
            #expect(try await APIToken.query(on: app.db).filter(\.$user.$id == teacher.id!).filter(\.$revokedAt == nil).count() == 0)
            // A token issued after the change works; the old one stays revoked.
            _ = try await laptop.get("/account/tokens")
            _ = try await laptop.post("/account/tokens", form: ["name": "Новая интеграция"])
            let page = laptop.body(try await laptop.get("/account/tokens"))
            let fresh = String(page[try #require(page.range(of: "kpk_[A-Za-z0-9_-]+", options: .regularExpression))])
            #expect(try await APITests.get(app, "/api/v1/pupils", token: fresh).status == .ok)
            #expect(page.contains("Действует до") && page.contains("отозван"))
            // The phone signs in again with the new password.
            let again = try await TestClient.start(app)
            #expect(try await again.signIn("teacher", "Лето-2026!").status == .seeOther)
            #expect(try await Self.signedIn(again))
        }
    }

    @Test func anAdminResetAndSwitchingOffTakeBackSessionsAndTokensForGood() async throws {
        try await withKopilka(demo: true) { app in
            let teacher = try await Self.user(app, "english")
            let session = try await A.signedIn(app, "english")
            let token = try await APITests.token(app, "english")
            let admin = try await A.signedIn(app, "admin")
            _ = try await admin.get("/admin/users/\(teacher.id!)")
            #expect(try await admin.post("/admin/users/\(teacher.id!)/password", form: [:]).status == .seeOther)
            #expect(try await !Self.signedIn(session))
            #expect(try await APITests.get(app, "/api/v1/pupils", token: token).status == .unauthorized)
            // While the temporary password waits to be changed, no token acts for the account.
            let (issued, secret) = APIToken.issue(schoolID: DemoSchool.schoolID, userID: teacher.id!, name: "После сброса", write: false)
            try await issued.create(on: app.db)
            #expect(try await APITests.get(app, "/api/v1/pupils", token: secret).status == .unauthorized)
            // Switched off, then on again: the tokens of before stay dead.
            let fresh = try await Self.user(app, "english")
            fresh.mustChangePassword = false
            try await fresh.save(on: app.db)
            #expect(try await APITests.get(app, "/api/v1/pupils", token: secret).status == .ok)
            _ = try await admin.get("/admin/users/\(teacher.id!)")
            #expect(try await admin.post("/admin/users/\(teacher.id!)/active", form: ["active": "false"]).status == .seeOther)
            #expect(try await APITests.get(app, "/api/v1/pupils", token: secret).status == .unauthorized)
            _ = try await admin.get("/admin/users/\(teacher.id!)")
            #expect(try await admin.post("/admin/users/\(teacher.id!)/active", form: ["active": "true"]).status == .seeOther)
            #expect(try await Self.user(app, "english").active)
            #expect(try await APITests.get(app, "/api/v1/pupils", token: secret).status == .unauthorized)
        }
    }

    @Test func aTokenExpiresAndTheExpiryIsConfigurable() async throws {
        try await withKopilka(demo: true, adjust: { $0.tokenDays = 30 }) { app in
            let token = try await APITests.token(app, "teacher")
            let row = try #require(try await APIToken.query(on: app.db).first())
            let days = (row.expiresAt!.timeIntervalSince(row.createdAt!) / 86_400).rounded()
            #expect(days == 30)
            #expect(try await APITests.get(app, "/api/v1/pupils", token: token).status == .ok)
            row.expiresAt = Date().addingTimeInterval(-1)
            try await row.save(on: app.db)
            #expect(try await APITests.get(app, "/api/v1/pupils", token: token).status == .unauthorized)
            let page = try await A.signedIn(app, "teacher")
            #expect(page.body(try await page.get("/account/tokens")).contains("срок истёк"))
        }
        #expect(throws: ConfigError.self) { _ = try AppConfig.fromEnvironment(["KOPILKA_TOKEN_DAYS": "400"]) }
        #expect(try AppConfig.fromEnvironment(["KOPILKA_TOKEN_DAYS": "90"]).tokenDays == 90)
    }

    @Test func anAdminResettingTheirOwnPasswordIsSentToChangeIt() async throws {
        try await withKopilka(demo: true) { app in
            let admin = try await A.signedIn(app, "admin")
            let me = try await Self.user(app, "admin")
            _ = try await admin.get("/admin/users/\(me.id!)")
            let res = try await admin.post("/admin/users/\(me.id!)/password", form: [:])
            #expect(res.status == .seeOther && res.headers.first(name: .location) == "/account/password")
            #expect(try await Self.user(app, "admin").passwordHash == me.passwordHash)
            #expect(try await Self.signedIn(admin))
        }
    }
}
