@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// The journals over real HTTP: cells, rules, reasons, history, the plain lesson form, locks.
@Suite struct JournalTests {
    struct Setup {
        let item: CurriculumItem
        let lesson: Lesson
        let pupil: UUID
        let client: TestClient
    }

    /// A fresh lesson in 2А mathematics (or another class/subject) and a client signed in as `login`.
    func setup(_ app: Application, login: String = "teacher", classTitle: String = "2А", subject: String = "math") async throws -> Setup {
        let items = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
        let item = items.first { $0.classGroup.title == classTitle && $0.subject.code == subject }!
        let lesson = Lesson(id: UUID(), schoolID: DemoSchool.schoolID, journalKind: .classJournal, curriculumItemID: item.id,
                            date: LocalDate("2026-10-06")!, topic: "Проверочный урок")
        try await lesson.create(on: app.db)
        let pupil = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == item.$classGroup.id).filter(\.$endsOn == nil)
            .join(Pupil.self, on: \Enrolment.$pupil.$id == \Pupil.$id).filter(Pupil.self, \.$homeSchooled == false)
            .first()!.$pupil.id
        let client = try await TestClient.start(app)
        try await client.signIn(login)
        _ = try await client.get(JournalRef.classSubject(itemID: item.id!).path)
        return Setup(item: item, lesson: lesson, pupil: pupil, client: client)
    }

    func cell(_ s: Setup, _ value: String, reason: String? = nil, pupil: UUID? = nil) async throws -> ClientResponse {
        var form = ["pupil": (pupil ?? s.pupil).uuidString, "value": value]
        if let reason { form["reason"] = reason }
        return try await s.client.post("/journals/lessons/\(s.lesson.id!.uuidString)/cells", form: form)
    }

    func events(_ app: Application, _ s: Setup) async throws -> [MarkEvent] {
        try await MarkEvent.query(on: app.db).filter(\.$lesson.$id == s.lesson.id!).filter(\.$pupil.$id == s.pupil).sort(\.$recordedAt).all()
    }

    @Test func aMarkIsSavedAsAnEventAndShownInTheGrid() async throws {
        try await withKopilka(demo: true) { app in
            let s = try await setup(app)
            let res = try await cell(s, "4")
            #expect(res.status == .ok)
            #expect(s.client.body(res).contains("\"display\":\"4\""))
            let e = try await events(app, s)
            #expect(e.count == 1 && e[0].value == "4" && e[0].action == .set)
            let grid = s.client.body(try await s.client.get(JournalRef.classSubject(itemID: s.item.id!).path + "?period=" +
                (try await Period.query(on: app.db).filter(\.$number == 1).first()!.id!.uuidString)))
            #expect(grid.contains("data-lesson=\"\(s.lesson.id!.uuidString.lowercased())\" value=\"4\""))
        }
    }

    @Test func aValueOffTheScaleIsRefusedInRussianAndNothingIsWritten() async throws {
        try await withKopilka(demo: true) { app in
            let s = try await setup(app)
            let res = try await cell(s, "7")
            #expect(res.status == .unprocessableEntity)
            #expect(s.client.body(res).contains("нет на шкале этого предмета"))
            #expect(try await events(app, s).isEmpty)
        }
    }

    @Test func gradeOneRefusesNumbersAndSymbolsButTakesWords() async throws {
        try await withKopilka(demo: true) { app in
            let s = try await setup(app, login: "teacher.1a", classTitle: "1А", subject: "russian")
            for value in ["5", "★", "+"] {
                let res = try await cell(s, value)
                #expect(res.status == .unprocessableEntity)
                #expect(s.client.body(res).contains("В 1 классе отметки"))
            }
            #expect(try await cell(s, "Молодец, аккуратно написал!").status == .ok)
            let e = try await events(app, s)
            #expect(e.count == 1 && e[0].value == nil && e[0].verbal == "Молодец, аккуратно написал!")
        }
    }

    @Test func absenceIsAttendanceAndRemovesTheMark() async throws {
        try await withKopilka(demo: true) { app in
            let s = try await setup(app)
            #expect(try await cell(s, "5").status == .ok)
            let res = try await cell(s, "н")
            #expect(res.status == .ok)
            #expect(s.client.body(res).contains("\"display\":\"н\""))
            let a = try await Attendance.query(on: app.db).filter(\.$lesson.$id == s.lesson.id!).filter(\.$pupil.$id == s.pupil).first()
            #expect(a?.status == .absent)
            let e = try await events(app, s)
            #expect(e.map(\.action) == [.set, .delete])
            #expect(!e.contains { $0.value == "н" })
        }
    }

    @Test func changingAnEarlierDaysMarkNeedsAReasonAndKeepsHistory() async throws {
        try await withKopilka(demo: true) { app in
            let s = try await setup(app)
            // A mark given two days ago.
            let old = MarkEvent(schoolID: DemoSchool.schoolID, lessonID: s.lesson.id!, pupilID: s.pupil, curriculumItemID: s.item.id,
                                date: s.lesson.date, value: "3", markScaleID: s.item.$markScale.id, weight: 1, workTypeID: nil,
                                authorID: try await User.query(on: app.db).filter(\.$login == "teacher").first()!.id!,
                                recordedAt: Date().addingTimeInterval(-2 * 86_400))
            try await old.create(on: app.db)
            let refused = try await cell(s, "4")
            #expect(refused.status == .unprocessableEntity)
            #expect(s.client.body(refused).contains("\"needsReason\":true"))
            #expect(try await events(app, s).count == 1)
            #expect(try await cell(s, "4", reason: "Исправлена ошибка при проверке").status == .ok)
            let e = try await events(app, s)
            #expect(e.map { $0.value ?? "" } == ["3", "4"])
            #expect(e.last?.reason == "Исправлена ошибка при проверке")
            // The lesson page shows the history with the reason.
            let page = s.client.body(try await s.client.get("/journals/lessons/\(s.lesson.id!.uuidString)"))
            #expect(page.contains("«Исправлена ошибка при проверке»"))
        }
    }

    @Test func twoTeachersEditingOneCellKeepBothEvents() async throws {
        try await withKopilka(demo: true) { app in
            let s = try await setup(app)
            let other = try await TestClient.start(app)
            try await other.signIn("teacher")
            _ = try await other.get(JournalRef.classSubject(itemID: s.item.id!).path)
            async let a = cell(s, "5")
            async let b = other.post("/journals/lessons/\(s.lesson.id!.uuidString)/cells", form: ["pupil": s.pupil.uuidString, "value": "4"])
            let (ra, rb) = try await (a, b)
            #expect(ra.status == .ok && rb.status == .ok)
            let e = try await events(app, s)
            #expect(e.count == 2)
            #expect(Set(e.compactMap(\.value)) == ["5", "4"])
        }
    }

    @Test func anotherSubjectsTeacherCannotWriteAndParentsDoNotSeeJournals() async throws {
        try await withKopilka(demo: true) { app in
            let s = try await setup(app)
            let english = try await TestClient.start(app)
            try await english.signIn("english")
            _ = try await english.get("/journals")
            let res = try await english.post("/journals/lessons/\(s.lesson.id!.uuidString)/cells", form: ["pupil": s.pupil.uuidString, "value": "5"])
            #expect(res.status == .notFound)
            let parent = try await TestClient.start(app)
            try await parent.signIn("parent")
            #expect(try await parent.get(JournalRef.classSubject(itemID: s.item.id!).path).status == .notFound)
            #expect(try await events(app, s).isEmpty)
        }
    }

    @Test func lessonsOutsideThePeriodAndDuplicatesAreRefused() async throws {
        try await withKopilka(demo: true) { app in
            let s = try await setup(app)
            let path = JournalRef.classSubject(itemID: s.item.id!).path + "/lessons"
            let summer = try await s.client.post(path, form: ["date": "2026-07-01", "topic": "Летний урок"])
            #expect(summer.status == .unprocessableEntity)
            #expect(s.client.body(summer).contains("вне учебного периода"))
            _ = try await s.client.get(JournalRef.classSubject(itemID: s.item.id!).path)
            #expect(try await s.client.post(path, form: ["date": "06.10.2026", "topic": "Проверочный урок"]).status == .unprocessableEntity)
            _ = try await s.client.get(JournalRef.classSubject(itemID: s.item.id!).path)
            #expect(try await s.client.post(path, form: ["date": "07.10.2026", "topic": "Новая тема"]).status == .seeOther)
            #expect(try await Lesson.query(on: app.db).filter(\.$topic == "Новая тема").count() == 1)
        }
    }

    @Test func aLockedPeriodRefusesTheTeacherAndTakesTheDeputyWithAReason() async throws {
        try await withKopilka(demo: true) { app in
            let s = try await setup(app)
            let q1 = try await Period.query(on: app.db).filter(\.$number == 1).first()!
            let zavuch = try await User.query(on: app.db).filter(\.$login == "zavuch").first()!
            try await PeriodLock(schoolID: DemoSchool.schoolID, periodID: q1.id!, classGroupID: s.item.$classGroup.id, lockedBy: zavuch.id!).create(on: app.db)
            let refused = try await cell(s, "5")
            #expect(refused.status == .unprocessableEntity)
            #expect(s.client.body(refused).contains("закрыт заместителем директора"))
            let deputy = try await TestClient.start(app)
            try await deputy.signIn("zavuch")
            _ = try await deputy.get(JournalRef.classSubject(itemID: s.item.id!).path)
            let noReason = try await deputy.post("/journals/lessons/\(s.lesson.id!.uuidString)/cells", form: ["pupil": s.pupil.uuidString, "value": "5"])
            #expect(noReason.status == .unprocessableEntity)
            let ok = try await deputy.post("/journals/lessons/\(s.lesson.id!.uuidString)/cells",
                                           form: ["pupil": s.pupil.uuidString, "value": "5", "reason": "Решение педсовета"])
            #expect(ok.status == .ok)
            #expect(try await events(app, s).last?.authorID == zavuch.id)
        }
    }

    @Test func thePlainLessonFormSavesAllOrNothing() async throws {
        try await withKopilka(demo: true) { app in
            let s = try await setup(app)
            let pupils = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == s.item.$classGroup.id).all().map { $0.$pupil.id }
            let path = "/journals/lessons/\(s.lesson.id!.uuidString)"
            _ = try await s.client.get(path)
            let bad = try await s.client.post(path, form: ["cell_\(pupils[0].uuidString.lowercased())": "5",
                                                           "cell_\(pupils[1].uuidString.lowercased())": "9"])
            #expect(bad.status == .unprocessableEntity)
            #expect(s.client.body(bad).contains("Ничего не сохранено"))
            #expect(try await MarkEvent.query(on: app.db).filter(\.$lesson.$id == s.lesson.id!).count() == 0)
            _ = try await s.client.get(path)
            let good = try await s.client.post(path, form: ["cell_\(pupils[0].uuidString.lowercased())": "5",
                                                            "cell_\(pupils[1].uuidString.lowercased())": "н"])
            #expect(good.status == .seeOther)
            #expect(try await MarkEvent.query(on: app.db).filter(\.$lesson.$id == s.lesson.id!).count() == 1)
            #expect(try await Attendance.query(on: app.db).filter(\.$lesson.$id == s.lesson.id!).count() == 1)
        }
    }

    @Test func clubJournalsTakeWordsOfAssessment() async throws {
        try await withKopilka(demo: true) { app in
            let dop = try await User.query(on: app.db).filter(\.$login == "dop").first()!
            let club = try await ProgramGroup.query(on: app.db).filter(\.$teacher.$id == dop.id!).first()!
            let member = try await GroupMembership.query(on: app.db).filter(\.$programGroup.$id == club.id!).first()!.$pupil.id
            let client = try await TestClient.start(app)
            try await client.signIn("dop")
            let path = JournalRef.group(groupID: club.id!).path
            _ = try await client.get(path)
            #expect(try await client.post(path + "/lessons", form: ["date": "2026-10-08", "topic": "Сборка робота"]).status == .seeOther)
            let lesson = try await Lesson.query(on: app.db).filter(\.$programGroup.$id == club.id!).first()!
            _ = try await client.get(path)
            let word = try await client.post("/journals/lessons/\(lesson.id!.uuidString)/cells",
                                             form: ["pupil": member.uuidString, "value": "Собрал модель сам"])
            #expect(word.status == .ok)
            _ = try await client.get(path)
            let number = try await client.post("/journals/lessons/\(lesson.id!.uuidString)/cells", form: ["pupil": member.uuidString, "value": "5"])
            #expect(number.status == .unprocessableEntity)
        }
    }
}
