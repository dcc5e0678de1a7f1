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

extension PrivacyTests {
    /// Issue 17: everything a parent can see is in the copy — attendance, УУД levels, assessment events, the route, the
    /// requests with their answers, and each mark change with its author and reason; the file is named for the child.
    @Test func theFamilyCopyHoldsEveryRecordAndEachMarkChangeWithItsAuthorAndReason() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let enrolment = try #require(try await Enrolment.query(on: app.db).filter(\.$pupil.$id == pupil.id!).filter(\.$endsOn == nil).first())
            let item = try #require(try await CurriculumItem.query(on: app.db).filter(\.$classGroup.$id == enrolment.$classGroup.id).with(\.$subject).all()
                .first { $0.subject.code == "math" })
            let lesson = try #require(try await Lesson.query(on: app.db).filter(\.$curriculumItem.$id == item.id!).sort(\.$date, .descending).first())
            let teacherUser = try #require(try await User.query(on: app.db).filter(\.$login == "teacher").first())
            // A mark set, then corrected with a reason (as the grid writes them: events with their author).
            try await MarkEvent.query(on: app.db).filter(\.$lesson.$id == lesson.id!).filter(\.$pupil.$id == pupil.id!).delete()
            for (value, reason) in [("3", nil), ("4", "Исправлена ошибка при вводе")] as [(String, String?)] {
                try await MarkEvent(schoolID: DemoSchool.schoolID, lessonID: lesson.id!, pupilID: pupil.id!, curriculumItemID: item.id!,
                                    date: lesson.date, action: .set, value: value, verbal: nil, markScaleID: item.$markScale.id, weight: 1,
                                    workTypeID: nil, authorID: teacherUser.id!, recordedAt: Date(), reason: reason).create(on: app.db)
            }
            // An assessment event with the child's result, a route with a step, a request the school answered.
            let year = try #require(try await AcademicYear.query(on: app.db).first())
            let event = AssessmentEvent()
            event.schoolID = DemoSchool.schoolID; event.$academicYear.id = year.id!; event.source = .external; event.kind = "vpr"
            event.title = "ВПР по математике"; event.form = "проверочная работа"; event.date = year.startsOn.adding(days: 40); event.maxScore = 15
            try await event.create(on: app.db)
            let result = AssessmentResult()
            result.schoolID = DemoSchool.schoolID; result.$event.id = event.id!; result.$pupil.id = pupil.id!; result.score = 12.5; result.maxScore = 15
            try await result.create(on: app.db)
            let parent = try await A.signedIn(app, "parent")
            _ = try await parent.get("/pupils/\(pupil.id!)")
            #expect(try await parent.post("/pupils/\(pupil.id!)/requests", form: ["subject": "Прошу выписку отметок за четверть",
                                                                                  "requester": "Родитель", "channel": "electronic"]).status == .seeOther)
            let teacher = try await A.signedIn(app, "teacher")
            _ = try await teacher.get("/pupils/\(pupil.id!)/route")
            #expect(try await teacher.post("/pupils/\(pupil.id!)/route", form: ["goals": "Уверенный счёт в пределах 100", "notes": ""]).status == .seeOther)
            _ = try await teacher.get("/pupils/\(pupil.id!)/route")
            #expect(try await teacher.post("/pupils/\(pupil.id!)/route/steps", form: ["title": "Занятия по таблице умножения",
                                                                                      "responsible": "Учитель"]).status == .seeOther)

            let res = try await parent.get("/pupils/\(pupil.id!)/export")
            #expect(res.status == .ok)
            let disposition = try #require(res.headers.first(name: .contentDisposition))
            let encodedName = try #require(pupil.lastName.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            #expect(disposition.contains(encodedName) && disposition.contains(A.today().iso) && disposition.contains("filename=\"Dannye-"))
            let archive = try Archive(data: ExportTests.body(res), accessMode: .read)
            var bytes = Data()
            _ = try archive.extract(try #require(archive["data.json"])) { bytes.append($0) }
            let json = try JSONSerialization.jsonObject(with: bytes) as! [String: Any]
            let absences = try await Attendance.query(on: app.db).filter(\.$pupil.$id == pupil.id!).filter(\.$status != .present).count()
            #expect((json["attendance"] as! [[String: String]]).count == absences)
            let levels = try await IndicatorLevel.query(on: app.db).filter(\.$pupil.$id == pupil.id!).count()
            #expect((json["indicators"] as! [[String: String]]).count == levels)
            #expect((json["assessments"] as! [[String: String]]).contains { $0["title"] == "ВПР по математике" && $0["result"] == "12,5 из 15" })
            let routes = json["routes"] as! [[String: Any]]
            #expect(routes.contains { ($0["goals"] as? String) == "Уверенный счёт в пределах 100"
                && (($0["steps"] as? [[String: String]]) ?? []).contains { $0["Шаг"] == "Занятия по таблице умножения" } })
            #expect((json["requests"] as! [[String: String]]).contains { $0["subject"] == "Прошу выписку отметок за четверть" })
            let marks = json["marks"] as! [[String: Any]]
            let corrected = try #require(marks.first { ($0["history"] as? [[String: String]])?.count == 2 && $0["date"] as? String == lesson.date.iso })
            let history = corrected["history"] as! [[String: String]]
            #expect(history.map { $0["value"] } == ["3", "4"] && history.allSatisfy { $0["author"] == teacherUser.name.full })
            #expect(history[1]["reason"] == "Исправлена ошибка при вводе")
            var page = Data()
            _ = try archive.extract(try #require(archive["index.html"])) { page.append($0) }
            let html = String(decoding: page, as: UTF8.self)
            #expect(html.contains("Посещаемость") && html.contains("ВПР по математике") && html.contains("Занятия по таблице умножения")
                    && html.contains("Исправлена ошибка при вводе"))
        }
    }
}
