@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor
import ZIPFoundation

/// The legal representative's copy of the child's data (152-ФЗ ст. 14).
@Suite struct PrivacyTests {
    typealias A = AchievementTests

    @Test func aParentDownloadsEverythingStoredAboutTheirChildReadableAndMachineReadable() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let parent = try await A.signedIn(app, "parent")
            _ = try await parent.get("/pupils/\(pupil.id!)/achievements/new")
            _ = try await parent.multipart("/pupils/\(pupil.id!)/achievements", fields: A.fields(title: "Шахматный турнир «Ладья»", consent: true),
                                           files: [("evidence", "диплом.png", A.png)])
            let res = try await parent.get("/pupils/\(pupil.id!)/export")
            #expect(res.status == .ok && res.headers.contentType?.description == "application/zip")
            let archive = try Archive(data: ExportTests.body(res), accessMode: .read)
            func read(_ path: String) throws -> Data {
                var d = Data()
                _ = try archive.extract(try #require(archive[path])) { d.append($0) }
                return d
            }
            let json = try JSONSerialization.jsonObject(with: try read("data.json")) as! [String: Any]
            #expect((json["pupil"] as? [String: String])?["ФИО"] == pupil.name.full)
            let marks = json["marks"] as! [[String: Any]]
            let current = try await MarkEvent.query(on: app.db).filter(\.$pupil.$id == pupil.id!).all()
            #expect(marks.count == Set(current.map { $0.$lesson.id }).count)
            let achievements = json["achievements"] as! [[String: Any]]
            let chess = try #require(achievements.first { $0["title"] as? String == "Шахматный турнир «Ладья»" })
            let file = try #require((chess["files"] as? [String])?.first)
            #expect(try read(file) == A.png)
            #expect(!(json["consents"] as! [Any]).isEmpty)
            #expect(!(json["accessLog"] as! [Any]).isEmpty)
            let html = String(decoding: try read("index.html"), as: UTF8.self)
            #expect(html.contains(pupil.name.full) && html.contains("Кто смотрел и менял данные") && !html.contains("<script"))
            // Every part's checksum is in the manifest.
            let manifest = try JSONSerialization.jsonObject(with: try read("manifest.json")) as! [[String: String]]
            #expect(manifest.count >= 3)
            for m in manifest { #expect(BlobStore.sha256(try read(m["path"]!)) == m["sha256"]) }
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "export").filter(\.$objectKind == "pupil_data").count() == 1)
            // The class teacher does not hand out the whole record; another family reaches nothing.
            #expect(try await A.signedIn(app, "teacher").get("/pupils/\(pupil.id!)/export").status == .forbidden)
            #expect(try await A.signedIn(app, "parent.002").get("/pupils/\(pupil.id!)/export").status == .notFound)
        }
    }
}

extension PrivacyTests {
    @Test func theClassTeacherRecordsAPaperConsentWithItsScanAndTheParentSeesIt() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let parentUser = try await User.query(on: app.db).filter(\.$login == "parent").first()!
            let teacher = try await A.signedIn(app, "teacher")
            _ = try await teacher.get("/pupils/\(pupil.id!)")
            let exe = try await teacher.multipart("/pupils/\(pupil.id!)/consents", fields: [("purpose", "publish_site"), ("guardian", parentUser.id!.uuidString)],
                                                  files: [("scan", "согласие.pdf", Data("MZ\u{90}".utf8))])
            #expect(exe.status == .unprocessableEntity)
            let res = try await teacher.multipart("/pupils/\(pupil.id!)/consents", fields: [("purpose", "publish_site"), ("guardian", parentUser.id!.uuidString)],
                                                  files: [("scan", "согласие.pdf", A.pdf)])
            #expect(res.status == .seeOther)
            let c = try #require(try await Consent.query(on: app.db).filter(\.$pupil.$id == pupil.id!).filter(\.$purpose == "publish_site").first())
            let scan = try #require(c.$scan.id)
            #expect(c.$guardian.id == parentUser.id && c.recordedBy != parentUser.id)
            let parent = try await A.signedIn(app, "parent")
            #expect(parent.body(try await parent.get("/pupils/\(pupil.id!)")).contains("/files/\(scan.uuidString.lowercased())"))
            let file = try await parent.get("/files/\(scan)")
            #expect(file.status == .ok && ExportTests.body(file) == A.pdf)
        }
    }
}

extension PrivacyTests {
    @Test func aWithdrawnConsentToPublishIsTrackedForThirtyDays() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let parent = try await A.signedIn(app, "parent")
            _ = try await parent.get("/pupils/\(pupil.id!)")
            #expect(try await parent.post("/pupils/\(pupil.id!)/consents", form: ["purpose": "publish_olympiad"]).status == .seeOther)
            let c = try await Consent.query(on: app.db).filter(\.$pupil.$id == pupil.id!).filter(\.$purpose == "publish_olympiad").first()!
            let confirm = parent.body(try await parent.get("/pupils/\(pupil.id!)/consents/\(c.id!)/withdraw"))
            #expect(confirm.contains("id=\"confirm-publication\"") && confirm.contains(A.today().adding(days: 30).russian))
            let page = parent.body(try await parent.post("/pupils/\(pupil.id!)/consents/\(c.id!)/withdraw", form: ["confirm": "yes"]))
            #expect(page.contains("уберёт опубликованные сведения") && page.contains(A.today().adding(days: 30).russian))
            let head = try await A.signedIn(app, "director")
            let retention = head.body(try await head.get("/retention"))
            #expect(retention.contains(pupil.name.full) && retention.contains(A.today().adding(days: 30).russian))
        }
    }
}
