@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Issue 15: a change and its audit event commit together. A failure injected after the command's writes and its
/// event, before the commit (a crash at the worst moment), leaves neither the change nor the event.
@Suite struct InjectedFailureTests {
    typealias A = AchievementTests

    static func events(_ app: Application, kind: String) async throws -> Int {
        try await AuditEvent.query(on: app.db).filter(\.$objectKind == kind).count()
    }

    @Test func aMarkAndItsEventGoTogether() async throws {
        try await withKopilka(demo: true) { app in
            let teacher = try await A.signedIn(app, "teacher")
            let items = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
            let item = try #require(items.first { $0.classGroup.title == "2А" && $0.subject.code == "math" })
            let pupil = try #require(try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == item.$classGroup.id)
                .filter(\.$endsOn == nil).first()).$pupil.id
            let lesson = Lesson(id: UUID(), schoolID: DemoSchool.schoolID, journalKind: .classJournal, curriculumItemID: item.id,
                                date: A.today(), topic: "Урок со сбоем")
            try await lesson.create(on: app.db)
            _ = try await teacher.get(JournalRef.classSubject(itemID: item.id!).path)
            let before = try await Self.events(app, kind: "mark")
            app.storage[InjectedFailures.self] = ["mark"]
            let res = try await teacher.post("/journals/lessons/\(lesson.id!.uuidString)/cells", form: ["pupil": pupil.uuidString, "value": "5"])
            #expect(res.status == .internalServerError)
            #expect(try await MarkEvent.query(on: app.db).filter(\.$lesson.$id == lesson.id!).count() == 0)
            #expect(try await Self.events(app, kind: "mark") == before)
            // Disarmed, the same edit goes through: one mark, one event.
            app.storage[InjectedFailures.self] = []
            #expect(try await teacher.post("/journals/lessons/\(lesson.id!.uuidString)/cells", form: ["pupil": pupil.uuidString, "value": "5"]).status == .ok)
            #expect(try await MarkEvent.query(on: app.db).filter(\.$lesson.$id == lesson.id!).count() == 1)
            #expect(try await Self.events(app, kind: "mark") == before + 1)
        }
    }

    @Test func aSpravkaItsAnsweredRequestAndItsEventGoTogether() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let parent = try await A.signedIn(app, "parent")
            _ = try await parent.get(RouteTable.pupil.path(pupil.id!) + "/documents")
            #expect(try await parent.post(RouteTable.pupil.path(pupil.id!) + "/requests", form: ["subject": "Справка в бассейн"]).status == .seeOther)
            let request = try #require(try await InformationRequest.query(on: app.db).filter(\.$pupil.$id == pupil.id!).first())
            let deputy = try await A.signedIn(app, "zavuch")
            _ = try await deputy.get(RouteTable.pupil.path(pupil.id!) + "/documents")
            let documents = try await IssuedDocument.query(on: app.db).count()
            let files = app.blobs.all().count
            let before = try await Self.events(app, kind: "document")
            app.storage[InjectedFailures.self] = ["document"]
            let res = try await deputy.post(RouteTable.pupil.path(pupil.id!) + "/spravka", form: ["request": request.id!.uuidString])
            #expect(res.status == .internalServerError)
            #expect(try await IssuedDocument.query(on: app.db).count() == documents)
            // The PDF drawn before the transaction does not outlive it: no file with the child's data is left behind.
            #expect(app.blobs.all().count == files)
            #expect(try await Self.events(app, kind: "document") == before)
            #expect(try await InformationRequest.find(request.id, on: app.db)?.status != .answered)
            app.storage[InjectedFailures.self] = []
            #expect(try await deputy.post(RouteTable.pupil.path(pupil.id!) + "/spravka", form: ["request": request.id!.uuidString]).status == .seeOther)
            #expect(try await IssuedDocument.query(on: app.db).count() == documents + 1)
            #expect(try await Self.events(app, kind: "document") == before + 1)
            #expect(try await InformationRequest.find(request.id, on: app.db)?.status == .answered)
        }
    }

    @Test func anAwardAndItsEventGoTogether() async throws {
        try await withKopilka(demo: true) { app in
            let deputy = try await A.signedIn(app, "zavuch")
            let pupil = try await A.ownPupil(app)
            _ = try await deputy.get(RouteTable.pupil.path(pupil.id!) + "/awards/new")
            let awards = try await Award.query(on: app.db).count()
            let before = try await Self.events(app, kind: "award")
            app.storage[InjectedFailures.self] = ["award"]
            #expect(try await deputy.post(RouteTable.pupil.path(pupil.id!) + "/awards", pairs: PortfolioTests.awardFields(order: "90-о")).status
                == .internalServerError)
            #expect(try await Award.query(on: app.db).count() == awards)
            #expect(try await Self.events(app, kind: "award") == before)
        }
    }

    @Test func aConsentWithdrawalAndItsEventsGoTogether() async throws {
        try await withKopilka(demo: true) { app in
            let parentUser = try #require(try await User.query(on: app.db).filter(\.$login == "parent").first())
            let consent = try #require(try await Consent.query(on: app.db).filter(\.$guardian.$id == parentUser.id!)
                .filter(\.$withdrawnOn == nil).first())
            let parent = try await A.signedIn(app, "parent")
            _ = try await parent.get(RouteTable.pupil.path(consent.$pupil.id))
            let achievements = try await Achievement.query(on: app.db).filter(\.$pupil.$id == consent.$pupil.id).count()
            let before = try await AuditEvent.query(on: app.db).count()
            app.storage[InjectedFailures.self] = ["consent"]
            let path = RouteTable.pupil.path(consent.$pupil.id) + "/consents/\(consent.id!.uuidString)/withdraw"
            #expect(try await parent.post(path, form: ["confirm": "yes"]).status == .internalServerError)
            #expect(try await Consent.find(consent.id, on: app.db)?.withdrawnOn == nil)
            #expect(try await Achievement.query(on: app.db).filter(\.$pupil.$id == consent.$pupil.id).count() == achievements)
            // Reading the card before the post logged a read; the failed withdrawal added nothing.
            #expect(try await AuditEvent.query(on: app.db).filter(\.$objectKind == "consent").filter(\.$objectID == consent.id!).count() == 0)
            #expect(try await AuditEvent.query(on: app.db).count() == before)
        }
    }

    @Test func aYearCloseAndItsEventGoTogether() async throws {
        try await withKopilka(demo: true) { app in
            let year = try #require(try await SchoolQueries.currentYear(on: app.db, schoolID: DemoSchool.schoolID, today: A.today()))
            let head = try #require(try await User.query(on: app.db).filter(\.$login == "director").first())
            let years = try await AcademicYear.query(on: app.db).count()
            let locks = try await PeriodLock.query(on: app.db).count()
            app.storage[InjectedFailures.self] = ["academic_year"]
            await #expect(throws: InjectedFailure.self) {
                _ = try await YearClose.close(app: app, db: app.db, audit: app.audit(schoolID: DemoSchool.schoolID, actorID: head.id),
                                              year: year, reason: "Проверка сбоя", lockedBy: head.id!, today: year.endsOn.adding(days: 1))
            }
            #expect(try await AcademicYear.find(year.id, on: app.db)?.status == .open)
            #expect(try await AcademicYear.query(on: app.db).count() == years)
            #expect(try await PeriodLock.query(on: app.db).count() == locks)
            #expect(try await Self.events(app, kind: "academic_year") == 0)
        }
    }
}
