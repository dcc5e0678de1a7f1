@testable import App
import Documents
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Achievements, evidence, consent and verification (regulation 3.2.2, 4.7, 5.1, 5.2), through real HTTP.
@Suite struct AchievementTests {
    static let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4Y2yMFTEMLQkACspMgdVP2G4AAAAASUVORK5CYII=")!
    static let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)

    /// The `parent` family's child in 2А (the `pupil` account's own record).
    static func ownPupil(_ app: Application) async throws -> Pupil {
        let account = try await User.query(on: app.db).filter(\.$login == "pupil").first()!
        let id = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == account.id!).first()!.pupilID!
        return try await Pupil.find(id, on: app.db)!
    }

    static func today() -> LocalDate { LocalDate.today(in: TimeZone(identifier: "Europe/Moscow")!) }

    static func fields(title: String = "Городской конкурс рисунка «Зимняя сказка»", level: String = "municipal",
                       result: String = "winner", start: LocalDate? = nil, consent: Bool = false) -> [(String, String)] {
        var f: [(String, String)] = [("title", title), ("section", "creativity"), ("kind", "contest"), ("level", level),
                                     ("result", result), ("place", ""), ("organiser", "Дом детского творчества"), ("subject", ""),
                                     ("starts_on", (start ?? today().adding(days: -10)).iso), ("ends_on", "")]
        if consent { f.append(("consent", "on")) }
        return f
    }

    /// What the tests watch: records, files and blobs on disk (the demo has some of each already).
    struct Counts: Equatable {
        let achievements: Int, attachments: Int, blobs: [String], consents: Int
    }

    static func counts(_ app: Application) async throws -> Counts {
        Counts(achievements: try await Achievement.query(on: app.db).count(), attachments: try await Attachment.query(on: app.db).count(),
               blobs: app.blobs.all(), consents: try await Consent.query(on: app.db).count())
    }

    static func signedIn(_ app: Application, _ login: String) async throws -> TestClient {
        let c = try await TestClient.start(app)
        try await c.signIn(login)
        return c
    }

    @Test func aParentSubmitsAnExternalDiplomaWithConsentAndTheDeputyVerifiesIt() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await Self.ownPupil(app)
            let parent = try await Self.signedIn(app, "parent")
            #expect(try await parent.get("/pupils/\(pupil.id!)/achievements/new").status == .ok)
            let res = try await parent.multipart("/pupils/\(pupil.id!)/achievements", fields: Self.fields(consent: true),
                                                 files: [("evidence", "диплом.png", Self.png)])
            #expect(res.status == .seeOther)
            let a = try #require(try await Achievement.query(on: app.db).filter(\.$pupil.$id == pupil.id!).filter(\.$origin == .external).first())
            #expect(a.origin == .external)
            #expect(a.status == .submitted)
            let consent = try #require(try await Consent.find(a.consentID, on: app.db))
            #expect(consent.purpose == "external_achievements" && consent.withdrawnOn == nil)
            let evidence = try await AchievementEvidence.query(on: app.db).filter(\.$achievement.$id == a.id!).with(\.$attachment).all()
            #expect(evidence.count == 1)
            let file = try #require(evidence.first?.attachment)
            #expect(file.mime == "image/png" && file.size == Self.png.count && file.sha256 == BlobStore.sha256(Self.png))
            #expect(app.blobs.exists(file.sha256))
            // The record shows who entered it and its status; the parent cannot verify.
            let page = parent.body(try await parent.get("/achievements/\(a.id!)"))
            #expect(page.contains("на проверке"))
            #expect(!page.contains("id=\"verify\""))
            #expect(try await parent.post("/achievements/\(a.id!)/verify", form: [:]).status == .forbidden)
            // The file is served through the policy, with the type told by its bytes.
            let download = try await parent.get("/files/\(file.id!)")
            #expect(download.status == .ok)
            #expect(download.headers.contentType?.description == "image/png")
            #expect(download.body.map { Data(buffer: $0) } == Self.png)

            let deputy = try await Self.signedIn(app, "zavuch")
            #expect(deputy.body(try await deputy.get("/control")).contains(a.title))
            #expect(try await deputy.post("/achievements/\(a.id!)/verify", form: [:]).status == .seeOther)
            let verified = try await Achievement.find(a.id, on: app.db)!
            #expect(verified.status == .verified)
            #expect(verified.verifiedBy == (try await User.query(on: app.db).filter(\.$login == "zavuch").first()!.id))
            let after = parent.body(try await parent.get("/achievements/\(a.id!)"))
            #expect(after.contains("проверено заместителем директора"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "verify").filter(\.$objectID == a.id!).count() == 1)
        }
    }

    @Test func aSubmissionWithoutConsentIsRefusedAndLeavesNothing() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await Self.ownPupil(app)
            let before = try await Self.counts(app)
            let parent = try await Self.signedIn(app, "parent")
            _ = try await parent.get("/pupils/\(pupil.id!)/achievements/new")
            let res = try await parent.multipart("/pupils/\(pupil.id!)/achievements", fields: Self.fields(consent: false),
                                                 files: [("evidence", "диплом.png", Self.png)])
            #expect(res.status == .unprocessableEntity)
            #expect(parent.body(res).contains("без согласия законного представителя"))
            #expect(try await Self.counts(app) == before)
            // Staff cannot record an external result without the family's consent either.
            let teacher = try await Self.signedIn(app, "teacher")
            _ = try await teacher.get("/pupils/\(pupil.id!)/achievements/new")
            let staff = try await teacher.multipart("/pupils/\(pupil.id!)/achievements", fields: Self.fields() + [("origin", "external")])
            #expect(staff.status == .unprocessableEntity)
            #expect(teacher.body(staff).contains("не дал согласия"))
            #expect(try await Self.counts(app) == before)
        }
    }

    @Test func aFileThatIsNotWhatItClaimsTooLargeOrEmptyIsRefusedWithTheReason() async throws {
        try await withKopilka(demo: true, adjust: { $0.maxUploadBytes = 1 << 20 }) { app in
            let pupil = try await Self.ownPupil(app)
            let before = try await Self.counts(app)
            let parent = try await Self.signedIn(app, "parent")
            _ = try await parent.get("/pupils/\(pupil.id!)/achievements/new")
            let path = "/pupils/\(pupil.id!)/achievements"
            let exe = try await parent.multipart(path, fields: Self.fields(consent: true),
                                                 files: [("evidence", "diploma.pdf", Data("MZ\u{90}\u{0}fake program".utf8))])
            #expect(exe.status == .unprocessableEntity)
            #expect(parent.body(exe).contains("распознан как исполняемый файл Windows"))
            let empty = try await parent.multipart(path, fields: Self.fields(consent: true), files: [("evidence", "scan.jpg", Data())])
            #expect(empty.status == .unprocessableEntity)
            #expect(parent.body(empty).contains("файл пустой"))
            // Within what the server reads, over the limit: the reason names the limit.
            var big = Self.pdf
            big.append(Data(repeating: 0x20, count: (1 << 20) + 10))
            let large = try await parent.multipart(path, fields: Self.fields(consent: true), files: [("evidence", "big.pdf", big)])
            #expect(large.status == .unprocessableEntity)
            #expect(parent.body(large).contains("больше 1 МБ"))
            // Far beyond it the server stops reading: 413 with the same reason.
            let huge = try await parent.multipart(path, fields: Self.fields(consent: true),
                                                  files: [("evidence", "huge.pdf", Self.pdf + Data(repeating: 0x20, count: 3 << 20))])
            #expect(huge.status == .payloadTooLarge)
            #expect(parent.body(huge).contains("больше 1 МБ"))
            #expect(try await Self.counts(app) == before)
        }
    }

    @Test func datesInTheFutureOrBeforeBirthAreRefused() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await Self.ownPupil(app)
            let before = try await Self.counts(app)
            let teacher = try await Self.signedIn(app, "teacher")
            _ = try await teacher.get("/pupils/\(pupil.id!)/achievements/new")
            let path = "/pupils/\(pupil.id!)/achievements"
            let future = try await teacher.multipart(path, fields: Self.fields(start: Self.today().adding(days: 3)))
            #expect(future.status == .unprocessableEntity)
            #expect(teacher.body(future).contains("дата в будущем"))
            let early = try await teacher.multipart(path, fields: Self.fields(start: pupil.birthDate.adding(days: -1)))
            #expect(early.status == .unprocessableEntity)
            #expect(teacher.body(early).contains("раньше дня рождения"))
            let noPlace = try await teacher.multipart(path, fields: Self.fields(result: "prize_winner"))
            #expect(noPlace.status == .unprocessableEntity)
            #expect(teacher.body(noPlace).contains("Место или степень"))
            #expect(try await Self.counts(app) == before)
        }
    }

    @Test func whoEntersDecidesTheStatusAndTheDeputyRejectsWithAReason() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await Self.ownPupil(app)
            let path = "/pupils/\(pupil.id!)/achievements"
            func enter(_ login: String, _ title: String) async throws -> Achievement {
                let c = try await Self.signedIn(app, login)
                _ = try await c.get(path + "/new")
                #expect(try await c.multipart(path, fields: Self.fields(title: title)).status == .seeOther, "\(login)")
                return try await Achievement.query(on: app.db).filter(\.$title == title).first()!
            }
            // The class teacher of 2А confirms by entering; a subject teacher submits; the deputy head's own entry is verified.
            #expect(try await enter("teacher", "Конкурс чтецов").status == .confirmed)
            let submitted = try await enter("english", "Spelling Bee")
            #expect(submitted.status == .submitted)
            #expect(try await enter("zavuch", "Олимпиада «Кенгуру»").status == .verified)
            let deputy = try await Self.signedIn(app, "zavuch")
            _ = try await deputy.get("/achievements/\(submitted.id!)")
            let noReason = try await deputy.post("/achievements/\(submitted.id!)/reject", form: ["reason": "  "])
            #expect(noReason.status == .unprocessableEntity)
            #expect(try await Achievement.find(submitted.id, on: app.db)!.status == .submitted)
            #expect(try await deputy.post("/achievements/\(submitted.id!)/reject", form: ["reason": "Нет подтверждающего документа"]).status == .seeOther)
            let rejected = try await Achievement.find(submitted.id, on: app.db)!
            #expect(rejected.status == .rejected && rejected.rejectionReason == "Нет подтверждающего документа")
            // The parent sees the status, who entered and the reason.
            let parent = try await Self.signedIn(app, "parent")
            let page = parent.body(try await parent.get("/achievements/\(submitted.id!)"))
            #expect(page.contains("отклонено") && page.contains("Нет подтверждающего документа"))
            // A subject teacher of another class reaches nothing of this pupil's evidence.
            let other = try await Self.signedIn(app, "teacher.1a")
            #expect(try await other.get("/achievements/\(submitted.id!)").status == .notFound)
        }
    }

    @Test func withdrawingConsentRemovesExternalRecordsAndTheirFilesAndTellsTheParent() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await Self.ownPupil(app)
            let before = try await Self.counts(app)
            let parent = try await Self.signedIn(app, "parent")
            _ = try await parent.get("/pupils/\(pupil.id!)/achievements/new")
            _ = try await parent.multipart("/pupils/\(pupil.id!)/achievements", fields: Self.fields(title: "Турнир по шахматам", consent: true),
                                           files: [("evidence", "грамота.pdf", Self.pdf)])
            // A school record of the same pupil stays.
            let teacher = try await Self.signedIn(app, "teacher")
            _ = try await teacher.get("/pupils/\(pupil.id!)/achievements/new")
            _ = try await teacher.multipart("/pupils/\(pupil.id!)/achievements", fields: Self.fields(title: "Школьная олимпиада", level: "school"))
            #expect(try await Achievement.query(on: app.db).count() == before.achievements + 2)
            let sha = BlobStore.sha256(Self.pdf)
            #expect(app.blobs.exists(sha))
            let consent = try await Consent.query(on: app.db).filter(\.$purpose == "external_achievements").filter(\.$pupil.$id == pupil.id!).first()!
            let card = parent.body(try await parent.get("/pupils/\(pupil.id!)"))
            let withdrawPath = RouteTable.pupilsConsentsWithdraw.path(pupil.id!, consent.id!)
            #expect(card.contains("href=\"\(withdrawPath)\""))
            // A second look: the page lists what will go, and nothing goes until the confirmed post.
            let preview = parent.body(try await parent.get(withdrawPath))
            #expect(preview.contains("Турнир по шахматам") && preview.contains("1 файл") && preview.contains("id=\"withdraw-confirm\""))
            #expect(!preview.contains("Школьная олимпиада"))
            let unconfirmed = try await parent.post(withdrawPath, form: [:])
            #expect(unconfirmed.status == .seeOther && unconfirmed.headers.first(name: .location) == withdrawPath)
            #expect(try await Consent.find(consent.id, on: app.db)!.withdrawnOn == nil)
            #expect(try await Achievement.query(on: app.db).count() == before.achievements + 2)
            _ = try await parent.get(withdrawPath)
            let res = try await parent.post(withdrawPath, form: ["confirm": "yes"])
            #expect(res.status == .ok)
            let page = parent.body(res)
            #expect(page.contains("Турнир по шахматам") && page.contains("1 файл"))
            let left = try await Achievement.query(on: app.db).filter(\.$pupil.$id == pupil.id!).all()
            #expect(left.contains { $0.title == "Школьная олимпиада" } && !left.contains { $0.title == "Турнир по шахматам" })
            #expect(!left.contains { $0.origin == .external })
            #expect(try await Achievement.query(on: app.db).count() == before.achievements + 1)
            #expect(try await Attachment.query(on: app.db).count() == before.attachments)
            #expect(!app.blobs.exists(sha))
            #expect(try await Consent.find(consent.id, on: app.db)!.withdrawnOn != nil)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "delete").filter(\.$objectKind == "achievement").count() == 1)
            // The other child's external record (another consent) is untouched.
            #expect(try await Achievement.query(on: app.db).filter(\.$origin == .external).count() == 1)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "withdraw").count() == 1)
            // Another family cannot withdraw this family's consent: the id is not theirs.
            let stranger = try await Self.signedIn(app, "parent.002")
            _ = try await stranger.get("/")
            #expect(try await stranger.get("/pupils/\(pupil.id!)/consents/\(consent.id!)/withdraw").status == .notFound)
            let s = try await stranger.post("/pupils/\(pupil.id!)/consents/\(consent.id!)/withdraw", form: ["confirm": "yes"])
            #expect(s.status == .notFound, "\(s.status)")
        }
    }

    /// A client that sends half a body and hangs up: the server must keep no row and no blob.
    @Test func aHalfUploadedFileLeavesNoRecordAndNoOrphanedBlob() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await Self.ownPupil(app)
            let before = try await Self.counts(app)
            let parent = try await Self.signedIn(app, "parent")
            _ = try await parent.get("/pupils/\(pupil.id!)/achievements/new")
            let boundary = "half-\(UUID().uuidString)"
            var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(parent.csrf!)\r\n".utf8)
            for (k, v) in Self.fields(consent: true) { body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8)) }
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"d.pdf\"\r\n\r\n".utf8))
            body.append(Self.pdf)
            body.append(Data(repeating: 0x41, count: 200_000))
            let declared = body.count + 300_000
            let head = "POST /pupils/\(pupil.id!)/achievements HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: \(parent.cookieHeader)\r\n"
                + "Content-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: \(declared)\r\n\r\n"
            try await RawHTTP.sendAndHangUp(port: app.http.server.shared.localAddress!.port!, bytes: Data(head.utf8) + body)
            try await Task.sleep(nanoseconds: 300_000_000)
            #expect(try await Self.counts(app) == before)
            // The server still serves.
            #expect(try await parent.get("/pupils/\(pupil.id!)/portfolio").status == .ok)
        }
    }

    @Test func aPhotographedWorkGetsASmallThumbnailMadeOnceAndTheOriginalStaysWhole() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await Self.ownPupil(app)
            var rows = Data()
            for y in 0..<600 { rows.append(0); for x in 0..<900 { rows.append(contentsOf: [UInt8(x % 256), UInt8(y % 256), 90]) } }
            let photo = PNGWriter.rgb(width: 900, height: 600, rows: rows)
            let teacher = try await Self.signedIn(app, "teacher")
            _ = try await teacher.get("/pupils/\(pupil.id!)/portfolio")
            let res = try await teacher.multipart("/pupils/\(pupil.id!)/works", fields: [("section", "my_creativity"), ("title", "Рисунок «Осень»"),
                                                                                         ("description", ""), ("date", Self.today().iso)],
                                                  files: [("file", "IMG_0001.PNG", photo)])
            #expect(res.status == .seeOther)
            let work = try await PortfolioArtefact.query(on: app.db).filter(\.$title == "Рисунок «Осень»").first()!
            let id = try #require(work.$attachment.id)
            let page = teacher.body(try await teacher.get("/pupils/\(pupil.id!)/portfolio"))
            #expect(page.contains("/files/\(id.uuidString.lowercased())?size=thumb"))
            let thumb = try await teacher.get("/files/\(id)?size=thumb")
            #expect(thumb.headers.contentType?.description == "image/jpeg")
            let bytes = try #require(thumb.body.map { Data(buffer: $0) })
            #expect(Thumbnail.dimensions(bytes)! == (240, 160))
            #expect(FileManager.default.fileExists(atPath: app.blobs.root + "/thumbs/\(BlobStore.sha256(photo))-240.jpg"))
            let original = try await teacher.get("/files/\(id)")
            #expect(original.body.map { Data(buffer: $0) } == photo)
            // Somebody outside the pupil's reach gets neither.
            #expect(try await Self.signedIn(app, "teacher.1a").get("/files/\(id)?size=thumb").status == .notFound)
        }
    }
}
