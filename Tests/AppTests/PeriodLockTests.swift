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
            let lock = try await deputy.post("/classes/\(item.$classGroup.id.uuidString)/periods/\(q2.id!.uuidString)/lock", form: ["reason": "Досрочно: карантин"])
            #expect(lock.status == .seeOther)
            // A second click locks nothing more and logs nothing more.
            #expect(try await deputy.post("/classes/\(item.$classGroup.id.uuidString)/periods/\(q2.id!.uuidString)/lock", form: ["reason": "Досрочно: карантин"]).status == .seeOther)
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

/// Issue 17: a period closes after a second look — what is unfinished, what will happen — before its end only with a
/// reason; the head or the deputy head reopens it with a reason, logged; УУД levels close with it, and the УУД form
/// never erases a level it did not offer.
@Suite struct PeriodCloseTests {
    typealias A = AchievementTests

    static func class2A(_ app: Application) async throws -> (ClassGroup, Period) {
        let c = try #require(try await ClassGroup.query(on: app.db).filter(\.$grade == 2).filter(\.$letter == "А").first())
        let q2 = try #require(try await Period.query(on: app.db).filter(\.$kind == .quarter).filter(\.$number == 2).first())
        return (c, q2)
    }

    @Test func aPeriodClosesAfterAPreviewEarlyOnlyWithAReasonAndReopensWithOne() async throws {
        try await withKopilka(demo: true) { app in
            let (c, q2) = try await Self.class2A(app)
            let path = RouteTable.classesPeriodsLock.path(c.id!, q2.id!)
            let deputy = try await A.signedIn(app, "zavuch")
            app.clock.move(to: q2.startsOn.adding(days: 10))
            let preview = deputy.body(try await deputy.get(path))
            #expect(preview.contains("id=\"early\"") && preview.contains(q2.endsOn.russian))
            #expect(preview.contains("id=\"subjects\"") && preview.contains("Математика") && preview.contains("id=\"incomplete\""))
            #expect(preview.contains(RouteTable.journalsClassPeriodMarks.path(
                try await CurriculumItem.query(on: app.db).filter(\.$classGroup.$id == c.id!).with(\.$subject).all().first { $0.subject.code == "math" }!.id!)))
            // Early without a reason: refused, the form keeps its place, nothing written.
            let early = try await deputy.post(path, form: ["reason": " "])
            #expect(early.status == .unprocessableEntity && deputy.body(early).contains("закрыть раньше можно, только указав причину"))
            #expect(try await PeriodLock.query(on: app.db).count() == 0)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "lock").count() == 0)
            // After the period's end no reason is needed.
            app.clock.move(to: q2.endsOn.adding(days: 1))
            _ = try await deputy.get(path)
            #expect(try await deputy.post(path, form: [:]).status == .seeOther)
            let lock = try #require(try await PeriodLock.query(on: app.db).filter(\.$classGroup.$id == c.id!).filter(\.$period.$id == q2.id!).first())
            #expect(lock.reason == nil)
            let classPage = deputy.body(try await deputy.get(RouteTable.classGroup.path(c.id!) + "?locked=2"))
            #expect(classPage.contains("id=\"period-locked\"") && classPage.contains("class=\"reopen\""))

            // УУД levels of the closed quarter: shown, not changed.
            let regulative = try #require(try await Indicator.query(on: app.db).filter(\.$group == .regulative).first())
            let child = try #require(try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == c.id!).filter(\.$endsOn == nil).first()).$pupil.id
            let teacher = try await A.signedIn(app, "teacher")
            let indicators = RouteTable.classesIndicators.path(c.id!)
            #expect(teacher.body(try await teacher.get(indicators + "?period=\(q2.id!.uuidString.lowercased())")).contains("id=\"indicators-locked\""))
            let levels = try await IndicatorLevel.query(on: app.db).filter(\.$period.$id == q2.id!).count()
            let refused = try await teacher.post(indicators, form: ["period": q2.id!.uuidString,
                                                                    "level_\(child.uuidString.lowercased())_\(regulative.id!.uuidString.lowercased())": "advanced"])
            #expect(refused.status == .unprocessableEntity && teacher.body(refused).contains("2 четверть"))
            #expect(try await IndicatorLevel.query(on: app.db).filter(\.$period.$id == q2.id!).count() == levels)

            // Reopening: only with a reason, by the leadership, logged with it.
            let reopen = RouteTable.classesPeriodsReopen.path(c.id!, q2.id!)
            #expect(try await teacher.post(reopen, form: ["reason": "хочу"]).status == .forbidden)
            _ = try await deputy.get(RouteTable.classGroup.path(c.id!))
            #expect(try await deputy.post(reopen, form: ["reason": ""]).status == .unprocessableEntity)
            #expect(try await PeriodLock.query(on: app.db).count() == 1)
            _ = try await deputy.get(RouteTable.classGroup.path(c.id!))
            #expect(try await deputy.post(reopen, form: ["reason": "Ошибка в итоговой отметке по математике"]).status == .seeOther)
            #expect(try await PeriodLock.query(on: app.db).count() == 0)
            let event = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "reopen").first())
            #expect(event.details.contains("Ошибка в итоговой отметке") && event.objectID == q2.id)
            _ = try await teacher.get(indicators)
            #expect(try await teacher.post(indicators, form: ["period": q2.id!.uuidString,
                                                              "level_\(child.uuidString.lowercased())_\(regulative.id!.uuidString.lowercased())": "advanced"]).status == .seeOther)
        }
    }

    @Test func savingTheIndicatorFormUnchangedKeepsALevelItDoesNotOffer() async throws {
        try await withKopilka(demo: true) { app in
            let (c, q2) = try await Self.class2A(app)
            let regulative = try #require(try await Indicator.query(on: app.db).filter(\.$group == .regulative).first())
            let child = try #require(try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == c.id!).filter(\.$endsOn == nil).first()).$pupil.id
            try await IndicatorLevel.query(on: app.db).filter(\.$pupil.$id == child).filter(\.$period.$id == q2.id!).delete()
            let high = IndicatorLevel()
            high.schoolID = DemoSchool.schoolID; high.$pupil.id = child; high.$indicator.id = regulative.id!; high.$period.id = q2.id!
            high.level = .high; high.assessedBy = try #require(try await User.query(on: app.db).filter(\.$login == "teacher").first()).id!
            try await high.create(on: app.db)
            let teacher = try await A.signedIn(app, "teacher")
            let path = RouteTable.classesIndicators.path(c.id!)
            let page = teacher.body(try await teacher.get(path + "?period=\(q2.id!.uuidString.lowercased())"))
            #expect(page.contains(">высокий</option>"))
            // What a browser sends for the page as shown: every select at its shown value, every `was_` beside it.
            let field = try NSRegularExpression(pattern: #"name="was_([0-9a-f-]+_[0-9a-f-]+)" value="([a-z_]*)""#)
            var form: [String: String] = ["period": q2.id!.uuidString.lowercased()]
            for m in field.matches(in: page, range: NSRange(page.startIndex..., in: page)) {
                let key = (page as NSString).substring(with: m.range(at: 1)), value = (page as NSString).substring(with: m.range(at: 2))
                form["was_" + key] = value
                form["level_" + key] = value
            }
            #expect(form.count > 20)
            let before = try await AuditEvent.query(on: app.db).filter(\.$objectKind == "indicators").filter(\.$action == "write").count()
            #expect(try await teacher.post(path, form: form).status == .seeOther)
            #expect(try await IndicatorLevel.find(high.id, on: app.db)?.level == .high)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$objectKind == "indicators").filter(\.$action == "write").count() == before)
        }
    }
}
