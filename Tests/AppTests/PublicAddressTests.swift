@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// One configured public address: what is stored, signed or printed carries `KOPILKA_PUBLIC_URL`, whatever Host a
/// request claims.
@Suite struct PublicAddressTests {
    typealias A = AchievementTests

    @Test func aBadgeFirstDownloadedWithAForgedHostNamesTheSchoolsAddress() async throws {
        try await withKopilka(demo: true, adjust: { $0.publicURLSetting = "https://kopilka.school.example" }) { app in
            let pupil = try await A.ownPupil(app)
            let award = try await BadgeTests.award(app, pupil: pupil)
            let parent = try await A.signedIn(app, "parent")
            let path = RouteTable.pupil.path(pupil.id!) + "/awards/\(award.id!.uuidString.lowercased())/badge?format=jwt"
            let forged = try await parent.get(path, headers: [("Host", "evil.example"), ("X-Forwarded-Proto", "http"),
                                                              ("X-Forwarded-Host", "evil.example")])
            #expect(forged.status == .ok)
            let jws = parent.body(forged)
            let header = try #require(BadgeService.claims("x." + String(jws.split(separator: ".")[0]) + ".x"))
            let claims = try #require(BadgeService.claims(jws))
            for value in [header["kid"]?.string, claims["id"]?.string, claims["credentialStatus"]?["id"]?.string] {
                let url = try #require(value)
                #expect(url.hasPrefix("https://kopilka.school.example/"), "\(url)")
            }
            #expect(!jws.isEmpty)
            let stored = try #require(try await BadgeCredential.query(on: app.db).first())
            #expect(!stored.jws.isEmpty && BadgeService.claims(stored.jws)?["id"]?.string?.contains("evil") == false)
            // The family's share link too.
            _ = try await parent.get(RouteTable.pupilsPortfolio.path(pupil.id!))
            _ = try await parent.post(RouteTable.pupilsShares.path(pupil.id!), form: ["expires_on": A.today().adding(days: 10).iso])
            let page = parent.body(try await parent.get(RouteTable.pupilsPortfolio.path(pupil.id!), headers: [("Host", "evil.example")]))
            #expect(page.contains("https://kopilka.school.example/share/"))
            #expect(!page.contains("evil.example"))
        }
    }

    /// A real school set up on a server already running without `KOPILKA_PUBLIC_URL`: its links are refused with the
    /// reason, never built on the server's own address; the demo school makes do with the default.
    @Test func aRealSchoolsLinksWaitForThePublicAddress() async throws {
        try await withKopilka(demo: true, adjust: { $0.publicURLSetting = nil }) { app in
            let other = try await OtherSchool.create(on: app.db, passwordHash: try await app.password.async.hash("demo"))
            let c = try await TestClient.start(app)
            let refused = try await c.get(RouteTable.obIssuer.path(other.schoolID))
            #expect(refused.status == .serviceUnavailable && c.body(refused).contains("KOPILKA_PUBLIC_URL"))
            #expect(!c.body(refused).contains("127.0.0.1"))
            let demo = try await c.get(RouteTable.obIssuer.path(DemoSchool.schoolID))
            #expect(demo.status == .ok && c.body(demo).contains(app.kopilkaConfig.publicURL))
        }
    }

    @Test func thePublicAddressIsCheckedWhenTheServerStarts() throws {
        #expect(try AppConfig.fromEnvironment(["KOPILKA_PUBLIC_URL": "https://kopilka.school.example/"]).publicURL == "https://kopilka.school.example")
        #expect(try AppConfig.fromEnvironment(["KOPILKA_PUBLIC_URL": "http://10.0.0.5:8080"]).publicURL == "http://10.0.0.5:8080")
        #expect(try AppConfig.fromEnvironment(["KOPILKA_PORT": "9000"]).publicURL == "http://127.0.0.1:9000")
        for bad in ["ftp://kopilka.school.example", "https://kopilka.school.example/kopilka", "https://kopilka.school.example?x=1",
                    "kopilka.school.example", "https://user@kopilka.school.example", "https://"] {
            #expect(throws: ConfigError.self, "\(bad)") { _ = try AppConfig.fromEnvironment(["KOPILKA_PUBLIC_URL": bad]) }
        }
    }
}
