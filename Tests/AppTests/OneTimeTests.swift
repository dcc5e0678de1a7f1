@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Issue 15: each state-changing action is one command in one transaction, and a repeated or concurrent submit of the
/// same form (a double click, twenty impatient clicks, a network retry) creates exactly one record and one event.
@Suite(.serialized) struct OneTimeTests {
    typealias A = AchievementTests

    static let times = 20

    /// The `_once` token of the last page the client loaded (as the browser's form would send it).
    static func once(_ c: TestClient, _ res: ClientResponse) throws -> String {
        let html = c.body(res)
        let r = try #require(html.range(of: "name=\"_once\" value=\""))
        let rest = html[r.upperBound...]
        return String(rest[..<rest.firstIndex(of: "\"")!])
    }

    static func events(_ app: Application, _ action: String, _ kind: String) async throws -> Int {
        try await AuditEvent.query(on: app.db).filter(\.$action == action).filter(\.$objectKind == kind).count()
    }

    @Test func twentyIdenticalAwardSubmitsMakeOneAward() async throws {
        try await withKopilka(demo: true) { app in
            let deputy = try await A.signedIn(app, "zavuch")
            let pupil = try await A.ownPupil(app)
            let page = try await deputy.get(RouteTable.pupil.path(pupil.id!) + "/awards/new")
            #expect(page.status == .ok)
            let token = try Self.once(deputy, page)
            let before = try await Award.query(on: app.db).count()
            let eventsBefore = try await Self.events(app, "create", "award")
            let answers = try await deputy.postConcurrently(RouteTable.pupil.path(pupil.id!) + "/awards",
                                                            pairs: PortfolioTests.awardFields(order: "77-о") + [("_once", token)], times: Self.times)
            #expect(answers.allSatisfy { $0.0 == .seeOther }, "\(answers.map(\.0.code))")
            #expect(try await Award.query(on: app.db).count() == before + 1)
            #expect(try await Self.events(app, "create", "award") == eventsBefore + 1)
            // A new form (a new token) is a new award.
            let again = try await deputy.get(RouteTable.pupil.path(pupil.id!) + "/awards/new")
            let second = try await deputy.post(RouteTable.pupil.path(pupil.id!) + "/awards",
                                               pairs: PortfolioTests.awardFields(order: "78-о") + [("_once", try Self.once(deputy, again))])
            #expect(second.status == .seeOther)
            #expect(try await Award.query(on: app.db).count() == before + 2)
        }
    }

    @Test func twentyIdenticalBatchAwardSubmitsAwardEachPupilOnce() async throws {
        try await withKopilka(demo: true) { app in
            let deputy = try await A.signedIn(app, "zavuch")
            let two = try await PortfolioTests.classPupils(app, "2А").prefix(2)
            let page = try await deputy.get("/awards")
            let token = try Self.once(deputy, page)
            let before = try await Award.query(on: app.db).count()
            let answers = try await deputy.postConcurrently("/awards", pairs: PortfolioTests.awardFields(order: "79-о")
                + two.map { ("pupils[]", $0.id!.uuidString) } + [("_once", token)], times: Self.times)
            #expect(answers.allSatisfy { $0.0 == .seeOther }, "\(answers.map(\.0.code))")
            #expect(try await Award.query(on: app.db).count() == before + 2)
        }
    }

    @Test func twentyIdenticalRequestSubmitsFileOneRequest() async throws {
        try await withKopilka(demo: true) { app in
            let parent = try await A.signedIn(app, "parent")
            let pupil = try await A.ownPupil(app)
            let page = try await parent.get(RouteTable.pupil.path(pupil.id!) + "/documents")
            #expect(page.status == .ok)
            let token = try Self.once(parent, page)
            let before = try await InformationRequest.query(on: app.db).count()
            let answers = try await parent.postConcurrently(RouteTable.pupil.path(pupil.id!) + "/requests",
                                                            pairs: [("subject", "Справка для бассейна"), ("_once", token)], times: Self.times)
            #expect(answers.allSatisfy { $0.0 == .seeOther }, "\(answers.map(\.0.code))")
            #expect(try await InformationRequest.query(on: app.db).count() == before + 1)
            #expect(try await Self.events(app, "create", "request") == 1)
        }
    }

    @Test func twentyIdenticalLessonSubmitsAddOneLessonWithOrWithoutAToken() async throws {
        try await withKopilka(demo: true) { app in
            let teacher = try await A.signedIn(app, "teacher")
            let items = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
            let item = try #require(items.first { $0.classGroup.title == "2А" && $0.subject.code == "math" })
            let path = JournalRef.classSubject(itemID: item.id!).path
            let grid = try await teacher.get(path)
            #expect(grid.status == .ok)
            let day = try #require(try await Period.query(on: app.db).all().first { $0.title.hasPrefix("1") }).startsOn.adding(days: 3)
            func count(_ topic: String) async throws -> Int {
                try await Lesson.query(on: app.db).filter(\.$curriculumItem.$id == item.id!).filter(\.$topic == topic).count()
            }
            let withToken = try await teacher.postConcurrently(path + "/lessons", pairs: [("date", day.iso), ("topic", "Сложение двузначных чисел"),
                                                                                         ("_once", try Self.once(teacher, grid))], times: Self.times)
            #expect(withToken.allSatisfy { $0.0 == .seeOther }, "\(withToken.map(\.0.code))")
            #expect(try await count("Сложение двузначных чисел") == 1)
            // Without a token (an old page, a script) the rule «one lesson per day, topic and kind of work» still holds
            // under concurrency: the rest are told it exists, and nothing answers 500.
            let bare = try await teacher.postConcurrently(path + "/lessons", pairs: [("date", day.iso), ("topic", "Вычитание")], times: Self.times)
            #expect(bare.filter { $0.0 == .seeOther }.count == 1)
            #expect(bare.allSatisfy { $0.0 == .seeOther || $0.0 == .unprocessableEntity }, "\(bare.map(\.0.code))")
            #expect(try await count("Вычитание") == 1)
        }
    }

    @Test func twentyIdenticalCellWritesMakeOneEventAndAbsencesNever500() async throws {
        try await withKopilka(demo: true) { app in
            let teacher = try await A.signedIn(app, "teacher")
            let items = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
            let item = try #require(items.first { $0.classGroup.title == "2А" && $0.subject.code == "math" })
            let pupil = try #require(try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == item.$classGroup.id)
                .filter(\.$endsOn == nil).join(Pupil.self, on: \Enrolment.$pupil.$id == \Pupil.$id)
                .filter(Pupil.self, \.$homeSchooled == false).first()).$pupil.id
            let lesson = Lesson(id: UUID(), schoolID: DemoSchool.schoolID, journalKind: .classJournal, curriculumItemID: item.id,
                                date: try #require(try await Period.query(on: app.db).all().first { $0.title.hasPrefix("1") }).startsOn.adding(days: 1),
                                topic: "Урок для двойного нажатия")
            try await lesson.create(on: app.db)
            _ = try await teacher.get(JournalRef.classSubject(itemID: item.id!).path)
            let cell = "/journals/lessons/\(lesson.id!.uuidString)/cells"
            let marks = try await teacher.postConcurrently(cell, pairs: [("pupil", pupil.uuidString), ("value", "4")], times: Self.times)
            #expect(marks.allSatisfy { $0.0 == .ok }, "\(marks.map(\.0.code))")
            #expect(try await MarkEvent.query(on: app.db).filter(\.$lesson.$id == lesson.id!).count() == 1)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$objectKind == "mark").filter(\.$objectID == lesson.id!).count() == 1)
            for value in ["н", "б", "оп", "у"] {
                let answers = try await teacher.postConcurrently(cell, pairs: [("pupil", pupil.uuidString), ("value", value)], times: Self.times)
                #expect(answers.allSatisfy { $0.0 == .ok }, "«\(value)»: \(answers.map(\.0.code)) \(answers.first { $0.0 != .ok }?.1.prefix(300) ?? "")")
                #expect(try await Attendance.query(on: app.db).filter(\.$lesson.$id == lesson.id!).count() == 1)
            }
            // The mark was removed once by the first absence: set, then one deletion — no «4 → 4» in the history.
            let history = try await MarkEvent.query(on: app.db).filter(\.$lesson.$id == lesson.id!).all()
            let sets = history.filter { $0.action == .set }.count
            let deletions = history.filter { $0.action == .delete }.count
            #expect(sets == 1)
            #expect(deletions == 1)
        }
    }

    @Test func twentyIdenticalNewAccountSubmitsMakeOneAccountAndTwoAdminsOneLogin() async throws {
        try await withKopilka(demo: true) { app in
            let admin = try await A.signedIn(app, "admin")
            let page = try await admin.get(RouteTable.adminUsersNew.path())
            let fields = [("login", "novaya.uchitelnica"), ("last_name", "Новикова"), ("first_name", "Ольга"), ("middle_name", "Петровна"),
                          ("role", "admin")]
            let answers = try await admin.postConcurrently(RouteTable.adminUsers.path(), pairs: fields + [("_once", try Self.once(admin, page))], times: Self.times)
            #expect(answers.allSatisfy { $0.0 == .seeOther || $0.0 == .unprocessableEntity }, "\(answers.map(\.0.code))")
            #expect(try await User.query(on: app.db).filter(\.$login == "novaya.uchitelnica").count() == 1)
            // Without a token (two admins at once), the login's lock keeps one account and refuses the rest in Russian.
            let bare = try await admin.postConcurrently(RouteTable.adminUsers.path(), pairs: [("login", "vtoroy.uchitel"), ("last_name", "Вторых"),
                                                                              ("first_name", "Иван"), ("role", "admin")],
                                                        times: Self.times)
            #expect(bare.allSatisfy { $0.0 == .seeOther || $0.0 == .unprocessableEntity }, "\(bare.map(\.0.code))")
            #expect(try await User.query(on: app.db).filter(\.$login == "vtoroy.uchitel").count() == 1)
        }
    }

    @Test func twentyIdenticalVerificationsVerifyOnce() async throws {
        try await withKopilka(demo: true) { app in
            let deputy = try await A.signedIn(app, "zavuch")
            let pending = try #require(try await Achievement.query(on: app.db).filter(\.$status ~~ [.submitted, .confirmed]).first())
            _ = try await deputy.get(RouteTable.achievement.path(pending.id!))
            let answers = try await deputy.postConcurrently(RouteTable.achievement.path(pending.id!) + "/verify", pairs: [], times: Self.times)
            #expect(answers.allSatisfy { $0.0 == .seeOther }, "\(answers.map(\.0.code))")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "verify").filter(\.$objectID == pending.id!).count() == 1)
            #expect(try await Achievement.find(pending.id, on: app.db)?.status == .verified)
        }
    }
}
