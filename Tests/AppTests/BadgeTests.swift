@testable import App
import Credentials
import Crypto
import Documents
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Open Badges 3.0 and CLR 2.0: what a parent downloads is signed with the school's key, verifies against the key the
/// school publishes (fetched over HTTP, as a verifier would), names no one, and can be revoked.
@Suite struct BadgeTests {
    typealias A = AchievementTests

    static func award(_ app: Application, pupil: Pupil) async throws -> Award {
        let deputy = try #require(try await User.query(on: app.db).filter(\.$login == "zavuch").first())
        let w = Award()
        w.id = UUID(); w.schoolID = DemoSchool.schoolID; w.$pupil.id = pupil.id!; w.kind = "certificate"; w.ground = "study"
        w.title = "За победу в школьной олимпиаде по математике"; w.date = LocalDate(year: 2026, month: 11, day: 10)!
        w.basisDocument = "Приказ № 120-о"; w.awardedBy = "Директор"; w.createdBy = deputy.id!; w.shared = false
        try await w.create(on: app.db)
        return w
    }

    static func achievement(_ app: Application, pupil: Pupil, status: AchievementStatus,
                            title: String = "Муниципальный этап олимпиады по математике") async throws -> Achievement {
        let teacher = try #require(try await User.query(on: app.db).filter(\.$login == "teacher").first())
        let a = Achievement()
        a.id = UUID(); a.schoolID = DemoSchool.schoolID; a.$pupil.id = pupil.id!; a.section = "study"; a.kind = "olympiad"
        a.title = title; a.organiser = "Управление образования"; a.level = "municipal"
        a.result = "prize_winner"; a.place = "2 место"; a.startsOn = LocalDate(year: 2026, month: 11, day: 12)!
        a.inDecree1239List = false; a.origin = .internal; a.status = status; a.createdBy = teacher.id!; a.shared = false
        try await a.create(on: app.db)
        return a
    }

    /// What a verifier does: take the `kid` from the JWS header, fetch that URL, verify the signature with the JWK.
    static func verify(_ jws: String, _ c: TestClient) async throws -> JSONValue {
        let header = try #require(BadgeService.claims("x." + String(jws.split(separator: ".")[0]) + ".x"))
        let kid = try #require(header["kid"]?.string)
        #expect(header["alg"]?.string == "RS256" && header["typ"]?.string == "JWT")
        let url = try #require(URL(string: kid))
        let res = try await c.get(url.path)
        #expect(res.status == .ok)
        let jwk = try JSONDecoder().decode(JSONValue.self, from: Data(c.body(res).utf8))
        #expect(jwk["d"] == nil, "a published key must never hold the private exponent")
        return try await CredentialSigner.verify(jws, jwk: jwk)
    }

    @Test func aParentDownloadsASignedBadgeThatVerifiesAndNamesNoOne() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let award = try await Self.award(app, pupil: pupil)
            let c = try await A.signedIn(app, "parent")
            let portfolio = c.body(try await c.get(RouteTable.pupilsPortfolio.path(pupil.id!)))
            let pngPath = RouteTable.pupil.path(pupil.id!) + "/awards/\(award.id!.uuidString.lowercased())/badge?format=png"
            #expect(portfolio.contains(pngPath.replacingOccurrences(of: "&", with: "&amp;")))
            let png = try await c.get(pngPath)
            #expect(png.status == .ok && png.headers.contentType == .png)
            let bytes = Data(buffer: png.body ?? ByteBuffer())
            #expect(Thumbnail.dimensions(bytes).map { $0.width == 400 && $0.height == 400 } == true)
            let jws = try #require(BadgeBaker.extract(bytes))
            let claims = try await Self.verify(jws, c)
            // The credential: OB 3.0 shape, the school as issuer (its profile is public), a salted hash as the subject.
            #expect(claims["type"]?.array?.contains("OpenBadgeCredential") == true)
            #expect(claims["@context"]?.array?.first?.string == OpenBadge.vcContext)
            let issuerID = try #require(claims["issuer"]?["id"]?.string)
            #expect(claims["iss"]?.string == issuerID && claims["jti"] == claims["id"])
            let profile = try await c.get(try #require(URL(string: issuerID)).path)
            #expect(profile.status == .ok && c.body(profile).contains("\"type\": [\n    \"Profile\"\n  ]"))
            let identity = try #require(claims["credentialSubject"]?["identifier"]?.array?.first)
            let salt = try #require(identity["salt"]?.string)
            #expect(identity["identityHash"]?.string == OpenBadge.identityHash("urn:uuid:" + pupil.id!.uuidString.lowercased(), salt: salt))
            #expect(claims["credentialSubject"]?["achievement"]?["achievementType"]?.string == "Award")
            let payload = claims.serialized()
            for personal in [pupil.lastName, pupil.firstName, pupil.birthDate.russian, pupil.birthDate.iso] {
                #expect(!payload.contains(personal), "the credential carries «\(personal)»")
            }
            // Frozen: the JSON and the JWT downloads are the same credential, and a second download is the same JWS.
            let jwt = c.body(try await c.get(RouteTable.pupil.path(pupil.id!) + "/awards/\(award.id!.uuidString.lowercased())/badge?format=jwt"))
            #expect(jwt == jws)
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(c.body(
                try await c.get(RouteTable.pupil.path(pupil.id!) + "/awards/\(award.id!.uuidString.lowercased())/badge?format=json")).utf8))
            #expect(json["id"] == claims["id"] && json["iss"] == nil && json["credentialSubject"] != nil)
            #expect(try await BadgeCredential.query(on: app.db).count() == 1)
            // A changed byte breaks the signature.
            var parts = jws.split(separator: ".").map(String.init)
            parts[1] = String(parts[1].dropLast(2)) + (parts[1].hasSuffix("A") ? "BA" : "AA")
            await #expect(throws: (any Error).self) { _ = try await Self.verify(parts.joined(separator: "."), c) }
            // Another family's child: not found.
            let stranger = try await PortfolioTests.classPupils(app, "1А").first!
            let foreign = try await Self.award(app, pupil: stranger)
            #expect(try await c.get(RouteTable.pupil.path(stranger.id!) + "/awards/\(foreign.id!.uuidString.lowercased())/badge").status == .notFound)
        }
    }

    @Test func theLeadershipRevokesABadgeAndTheRevocationListSaysSo() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let award = try await Self.award(app, pupil: pupil)
            let parent = try await A.signedIn(app, "parent")
            let jws = parent.body(try await parent.get(RouteTable.pupil.path(pupil.id!) + "/awards/\(award.id!.uuidString.lowercased())/badge?format=jwt"))
            let claims = try await Self.verify(jws, parent)
            let statusText = try #require(claims["credentialStatus"]?["id"]?.string)
            let statusURL = try #require(URL(string: statusText))
            let idText = try #require(claims["id"]?.string)
            let credentialURL = try #require(URL(string: idText))
            #expect(!parent.body(try await parent.get(statusURL.path)).contains(credentialURL.absoluteString))
            #expect(parent.body(try await parent.get(credentialURL.path)).contains("\"status\": \"valid\""))
            let record = try #require(try await BadgeCredential.query(on: app.db).first())
            let revokePath = "/ob/credentials/\(record.id!.uuidString.lowercased())/revoke"
            _ = try await parent.get(RouteTable.pupilsPortfolio.path(pupil.id!))
            #expect(try await parent.post(revokePath, form: ["reason": "ошибка"]).status == .forbidden)
            let deputy = try await A.signedIn(app, "zavuch")
            let page = deputy.body(try await deputy.get(RouteTable.pupilsPortfolio.path(pupil.id!)))
            #expect(page.contains(revokePath))
            #expect(try await deputy.post(revokePath, form: ["reason": ""]).status == .unprocessableEntity)
            #expect(try await deputy.post(revokePath, form: ["reason": "Поощрение выдано ошибочно"]).status == .seeOther)
            let list = deputy.body(try await deputy.get(statusURL.path))
            // Published: that it is revoked and when — never what staff wrote (it may be about the child).
            #expect(list.contains(credentialURL.absoluteString) && !list.contains("Поощрение выдано ошибочно") && !list.contains("revocationReason"))
            let status = deputy.body(try await deputy.get(credentialURL.path))
            #expect(status.contains("\"status\": \"revoked\"") && !status.contains("Поощрение выдано ошибочно"))
            // A revoked badge is not handed out again: the next download is a new credential.
            let again = parent.body(try await parent.get(RouteTable.pupil.path(pupil.id!) + "/awards/\(award.id!.uuidString.lowercased())/badge?format=jwt"))
            let issued = try await BadgeCredential.query(on: app.db).count()
            #expect(again != jws && issued == 2)
        }
    }

    @Test func onlyAVerifiedAchievementGetsABadgeAndTheYearsExtractBundlesThemSigned() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let pending = try await Self.achievement(app, pupil: pupil, status: .submitted, title: "Городской конкурс чтецов (на проверке)")
            let verified = try await Self.achievement(app, pupil: pupil, status: .verified)
            let award = try await Self.award(app, pupil: pupil)
            let c = try await A.signedIn(app, "parent")
            let refused = try await c.get(RouteTable.pupil.path(pupil.id!) + "/achievements/\(pending.id!.uuidString.lowercased())/badge")
            #expect(refused.status == .unprocessableEntity)
            #expect(c.body(refused).contains("только на достижение, проверенное"))
            let jws = c.body(try await c.get(RouteTable.pupil.path(pupil.id!) + "/achievements/\(verified.id!.uuidString.lowercased())/badge?format=jwt"))
            let claims = try await Self.verify(jws, c)
            let results = try #require(claims["credentialSubject"]?["result"]?.array)
            #expect(results.compactMap { $0["value"]?.string } == ["Призёр, 2 место", "Муниципальный"])
            #expect(claims["credentialSubject"]?["achievement"]?["fieldOfStudy"] == nil)
            // The CLR: the year's award and verified achievement, each an enveloped signed credential; the whole signed.
            let clrJWS = c.body(try await c.get(RouteTable.pupil.path(pupil.id!) + "/clr?format=jwt"))
            let clr = try await Self.verify(clrJWS, c)
            #expect(clr["type"]?.array?.contains("ClrCredential") == true)
            let envelopes = try #require(clr["credentialSubject"]?["verifiableCredential"]?.array)
            var names: [String] = []
            for e in envelopes {
                #expect(e["type"]?.string == "EnvelopedVerifiableCredential")
                let envelope = try #require(e["id"]?.string)
                let inner = String(envelope.dropFirst("data:application/vc+jwt,".count))
                names.append(try #require(try await Self.verify(inner, c)["name"]?.string))
            }
            #expect(names.contains { $0.contains(award.title) } && names.contains { $0.contains(verified.title) })
            #expect(!names.contains { $0.contains(pending.title) })
            #expect(names.count == envelopes.count && clr["credentialSubject"]?["achievement"]?.array?.count == envelopes.count)
            // Deleting the achievement revokes its badge.
            let deputy = try await A.signedIn(app, "zavuch")
            _ = try await deputy.get(RouteTable.achievement.path(verified.id!))
            _ = try await deputy.post(RouteTable.achievement.path(verified.id!) + "/delete", form: [:])
            let record = try #require(try await BadgeCredential.query(on: app.db).filter(\.$achievementID == verified.id).first())
            #expect(record.revokedAt != nil)
        }
    }

    @Test func bakingPutsOneCredentialChunkIntoAValidPNG() throws {
        let png = BadgeImage.png(kind: "Грамота", title: "За успехи", school: "Школа", year: "2026")
        let once = try #require(BadgeBaker.bake(png, credential: "a.b.c"))
        let twice = try #require(BadgeBaker.bake(once, credential: "d.e.f"))
        #expect(BadgeBaker.extract(once) == "a.b.c" && BadgeBaker.extract(twice) == "d.e.f")
        #expect(twice.count == once.count, "baking again replaces the chunk instead of adding one")
        #expect(Thumbnail.dimensions(twice).map { $0.width == 400 } == true)
        #expect(BadgeBaker.bake(Data("not a png".utf8), credential: "x") == nil)
    }
}
