@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// A locked quarter protects its lessons whatever quarter it is: the year period around it (which starts on the
/// same day as the first quarter) must not hide the quarter's lock (issue 15's review).
@Suite struct PeriodLockTests {
    typealias A = AchievementTests

    @Test func aLockedSecondQuarterRefusesTeachersAndTakesTheDeputysCorrectionWithAReason() async throws {
        try await withKopilka(demo: true) { app in
            let items = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
            let item = try #require(items.first { $0.classGroup.title == "2А" && $0.subject.code == "math" })
            let q2 = try #require(try await Period.query(on: app.db).filter(\.$kind == .quarter).all()
                .first { $0.number == 2 && $0.gradeFrom <= 2 && 2 <= $0.gradeTo })
            let pupil = try #require(try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == item.$classGroup.id)
                .filter(\.$endsOn == nil).first()).$pupil.id
            let lesson = Lesson(id: UUID(), schoolID: DemoSchool.schoolID, journalKind: .classJournal, curriculumItemID: item.id,
                                date: q2.startsOn.adding(days: 2), topic: "Урок второй четверти")
            try await lesson.create(on: app.db)
            let deputy = try await A.signedIn(app, "zavuch")
            _ = try await deputy.get(RouteTable.classGroup.path(item.$classGroup.id))
            let lock = try await deputy.post("/classes/\(item.$classGroup.id.uuidString)/periods/\(q2.id!.uuidString)/lock", form: [:])
            #expect(lock.status == .seeOther)
            // A second click locks nothing more and logs nothing more.
            #expect(try await deputy.post("/classes/\(item.$classGroup.id.uuidString)/periods/\(q2.id!.uuidString)/lock", form: [:]).status == .seeOther)
            #expect(try await PeriodLock.query(on: app.db).filter(\.$period.$id == q2.id!).count() == 1)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "lock").filter(\.$objectID == q2.id!).count() == 1)

            let teacher = try await A.signedIn(app, "teacher")
            _ = try await teacher.get(JournalRef.classSubject(itemID: item.id!).path)
            let cell = "/journals/lessons/\(lesson.id!.uuidString)/cells"
            let refused = try await teacher.post(cell, form: ["pupil": pupil.uuidString, "value": "2"])
            #expect(refused.status == .unprocessableEntity)
            #expect(teacher.body(refused).contains("2 четверть") || teacher.body(refused).contains("закрыт"))
            #expect(try await MarkEvent.query(on: app.db).filter(\.$lesson.$id == lesson.id!).count() == 0)
            _ = try await deputy.get(JournalRef.classSubject(itemID: item.id!).path)
            #expect(try await deputy.post(cell, form: ["pupil": pupil.uuidString, "value": "4"]).status == .unprocessableEntity)
            #expect(try await deputy.post(cell, form: ["pupil": pupil.uuidString, "value": "4", "reason": "Исправление ошибки"]).status == .ok)
            #expect(try await MarkEvent.query(on: app.db).filter(\.$lesson.$id == lesson.id!).count() == 1)
            // No new lesson goes into the locked quarter either.
            #expect(try await teacher.post(JournalRef.classSubject(itemID: item.id!).path + "/lessons",
                                           form: ["date": q2.startsOn.adding(days: 3).iso, "topic": "Новый урок"]).status == .unprocessableEntity)
        }
    }
}
