@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Closing the school year (issue 7): completeness, freeze, promotion, graduation, the archive and its manifest.
@Suite struct YearCloseTests {
    typealias A = AchievementTests

    @Test func theHeadClosesTheYearThePupilsMoveUpAndTheArchiveVerifies() async throws {
        try await withKopilka(demo: true) { app in
            let year = try await AcademicYear.query(on: app.db).filter(\.$status == .open).first()!
            let pupil = try await A.ownPupil(app)
            let fourth = try await PortfolioTests.classPupils(app, "4А").first!
            let head = try await A.signedIn(app, "director")
            // In the middle of the year the close is refused with the day it becomes possible, the page says so.
            app.clock.move(to: year.startsOn.adding(days: 90))
            let from = year.endsOn.adding(days: 1)   // the demo's last period ends with the year
            let early = try await head.post("/year/close", form: ["confirm": year.title, "reason": "Рано"])
            #expect(early.status == .unprocessableEntity && head.body(early).contains("с \(from.russian)"))
            let midYear = head.body(try await head.get("/year"))
            #expect(midYear.contains("id=\"not-yet\"") && !midYear.contains("id=\"close-form\"") && midYear.contains("id=\"moved-date\""))
            #expect(try await AcademicYear.find(year.id, on: app.db)!.status == .open)
            app.clock.move(to: from)
            let page = head.body(try await head.get("/year"))
            #expect(page.contains("годовая отметка") && page.contains("промежуточная аттестация") && !page.contains("id=\"not-yet\""))
            // The preview links each gap to where it is finished, and counts the year's other open business.
            #expect(page.contains("/period-marks?period=") && page.contains("/attestation\"") && page.contains("id=\"pending-requests\""))
            #expect(page.contains("id=\"to-close\""))
            // The confirmation page says what will happen: each class's next title, the graduates, the next year.
            let confirm = head.body(try await head.get("/year/close"))
            #expect(confirm.contains("id=\"moves\"") && confirm.contains("<td>3А</td>") && confirm.contains("окончит начальную школу")
                    && confirm.contains("\(year.startsOn.year + 1)/\(year.startsOn.year + 2)") && confirm.contains("id=\"y-reason\""))
            #expect(try await head.post("/year/close", form: ["reason": "Проверка"]).status == .unprocessableEntity)
            let noReason = try await head.post("/year/close", form: ["confirm": year.title])
            #expect(noReason.status == .unprocessableEntity && head.body(noReason).contains("укажите причину"))
            #expect(try await AcademicYear.find(year.id, on: app.db)!.status == .open)
            #expect(try await A.signedIn(app, "zavuch").post("/year/close", form: ["confirm": year.title, "reason": "x"]).status == .forbidden)
            let closing = try await head.post("/year/close", form: ["confirm": year.title, "reason": "Закрываем по приказу № 200"])
            #expect(closing.status == .seeOther, "\(closing.status): \(head.body(closing).prefix(3000))")
            // The close runs on in the background; while it does, the page shows its progress and refreshes itself.
            if app.yearCloseJobs.state(DemoSchool.schoolID)?.finished == false {
                let running = head.body(try await head.get("/year"))
                #expect(running.contains("id=\"close-progress\"") && running.contains("http-equiv=\"refresh\"") || running.contains("id=\"closed-year\""))
            }
            try await Self.waitForClose(app)
            #expect(app.yearCloseJobs.state(DemoSchool.schoolID)?.failure == nil)

            #expect(try await AcademicYear.find(year.id, on: app.db)!.status == .closed)
            let next = try #require(try await AcademicYear.query(on: app.db).filter(\.$status == .open).first())
            #expect(next.startsOn == YearClose.nextDate(year.startsOn))
            let nextClasses = try await ClassGroup.query(on: app.db).filter(\.$academicYear.$id == next.id!).all().map(\.title).sorted()
            #expect(nextClasses == ["1А", "1Б", "2А", "2Б", "3А", "3Б", "4А", "4Б"])
            // The 2А pupil is in 3А now; the fourth-grader graduated and left the active list, the record kept.
            let now = try await Enrolment.query(on: app.db).filter(\.$pupil.$id == pupil.id!).filter(\.$endsOn == nil).with(\.$classGroup).all()
            #expect(now.map(\.classGroup.title) == ["3А"] && now.first?.classGroup.$academicYear.id == next.id)
            #expect(try await Pupil.find(fourth.id, on: app.db)!.status == .graduated)
            #expect(try await Enrolment.query(on: app.db).filter(\.$pupil.$id == fourth.id!).filter(\.$endsOn == nil).count() == 0)
            #expect(try await Enrolment.query(on: app.db).filter(\.$pupil.$id == fourth.id!).first()?.reason == "окончил(а) начальную школу")
            // Curriculum and the class teacher follow the class.
            let class3A = try await ClassGroup.query(on: app.db).filter(\.$academicYear.$id == next.id!).all().first { $0.title == "3А" }!
            #expect(try await CurriculumItem.query(on: app.db).filter(\.$classGroup.$id == class3A.id!).count() > 5)
            // The archive verifies against its manifest and holds each class's files.
            let dir = YearClose.archiveDirectory(app, schoolID: DemoSchool.schoolID, year: year)
            // Every journal with a filled header: the class journals, the home-schooled pupil's individual journals (3Б),
            // the extracurricular and club journals; 8 classes × 3 files, 1 individual book, 1 group book, the checkpoint.
            #expect(try YearClose.verifyArchive(dir) == 27)
            let journals = try XLSXReader.rows(try Data(contentsOf: URL(fileURLWithPath: dir + "/2А/zhurnaly.xlsx")))
            #expect(journals[0].first?.hasPrefix("Классный журнал · 2А · ") == true && journals[0].first?.contains(" ·  · ") == false)
            let individual = try XLSXReader.rows(try Data(contentsOf: URL(fileURLWithPath: dir + "/3Б/individualnye-zhurnaly.xlsx")))
            #expect(individual[0].first?.hasPrefix("Журнал индивидуального обучения · ") == true)
            let groups = try XLSXReader.rows(try Data(contentsOf: URL(fileURLWithPath: dir + "/\(YearClose.groupFolder)/zhurnaly.xlsx")))
            #expect(groups[0].first?.hasPrefix("Журнал ") == true && groups[0].first?.contains(year.title) == true)
            // It carries the audit chain's signed checkpoint at the close, and the year page prints it.
            let cp = try #require(YearClose.archivedCheckpoint(dir))
            let closeEvent = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "close").first())
            #expect(cp.seq >= closeEvent.seq && cp.school == DemoSchool.schoolID)
            #expect(try await AuditLog.verify(on: app.db, checkpoints: [cp]).intact)
            let closedPage = head.body(try await head.get("/year"))
            #expect(closedPage.contains("id=\"audit-checkpoint\"") && closedPage.contains("событие № \(cp.seq)")
                    && closedPage.contains("Подпись ключом школы проверена"))
            let rows = try XLSXReader.rows(try Data(contentsOf: URL(fileURLWithPath: dir + "/2А/svodnaya-vedomost.xlsx")))
            #expect(rows[0].first?.hasPrefix("Сводная ведомость · 2А") == true)
            let dump = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/2А/data.json"))) as! [String: Any]
            #expect((dump["pupils"] as! [String]).contains(pupil.name.full) && !(dump["marks"] as! [Any]).isEmpty)
            // Tampering shows.
            try Data("подмена".utf8).write(to: URL(fileURLWithPath: dir + "/2А/data.json"))
            #expect(throws: YearClose.Problem.self) { try YearClose.verifyArchive(dir) }
            // The closed year is frozen: no mark goes in, not even by the head.
            let math = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
                .first { $0.classGroup.title == "2А" && $0.subject.code == "math" && $0.classGroup.$academicYear.id == year.id }!
            let lesson = try await Lesson.query(on: app.db).filter(\.$curriculumItem.$id == math.id!).first()!
            let teacher = try await A.signedIn(app, "teacher")
            _ = try await teacher.get("/journals/class/\(math.id!)")
            let cell = try await teacher.post("/journals/lessons/\(lesson.id!)/cells", form: ["pupil": pupil.id!.uuidString, "value": "5"])
            #expect(cell.status != .ok)
            #expect(teacher.body(cell).contains("учебный год закрыт"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "close").count() == 1)
        }
    }

    /// Waits for the school's background close to finish: seconds in a debug build, minutes on PostgreSQL while the
    /// whole suite runs beside it on two cores (it took over two in CI). The wait bounds the test, not the close.
    static func waitForClose(_ app: Application) async throws {
        await app.yearCloseJobs.wait(DemoSchool.schoolID, seconds: 900)
        #expect(app.yearCloseJobs.state(DemoSchool.schoolID)?.finished == true)
    }

    @Test func theCommandLineRefusesAnIncompleteYearWithoutAReasonAndClosesWithOne() async throws {
        try await withKopilka(demo: true) { app in
            var env = ["KOPILKA_DATA_DIR": app.kopilkaConfig.dataDirectory, "KOPILKA_BCRYPT_COST": "4"]
            if let url = app.kopilkaConfig.databaseURL { env["DATABASE_URL"] = url }
            let year = try await AcademicYear.query(on: app.db).first()!
            env["KOPILKA_TODAY"] = year.startsOn.adding(days: 90).iso
            let early = try CommandLineTests().run(["close-year", "--reason", "Рано"], env: env)
            #expect(early.code == 1 && early.stderr.contains("с \(year.endsOn.adding(days: 1).russian)"), "\(early.stderr)")
            env["KOPILKA_TODAY"] = year.endsOn.adding(days: 1).iso
            let refused = try CommandLineTests().run(["close-year"], env: env)
            #expect(refused.code == 1 && refused.stderr.contains("укажите причину"))
            #expect(try await AcademicYear.query(on: app.db).count() == 1)
            let closed = try CommandLineTests().output(["close-year", "--reason", "Демонстрация"], env: env)
            #expect(closed.code == 0, "\(closed.stderr)")
            // The console shows each step with its time.
            #expect(closed.stdout.contains("Архив года: класс 2А") && closed.stdout.contains(" с] "))
            #expect(try await AcademicYear.query(on: app.db).filter(\.$status == .closed).count() == 1)
            let closedYear = try await AcademicYear.query(on: app.db).filter(\.$status == .closed).first()!
            #expect(closedYear.id == year.id)
            let verify = try CommandLineTests().run(["archive-verify", YearClose.archiveDirectory(app, schoolID: DemoSchool.schoolID, year: closedYear)], env: env)
            #expect(verify.code == 0)
        }
    }

    @Test func aCloseKilledMidwayLeavesTheYearWholeOrUntouched() async throws {
        try await withKopilka(demo: true) { app in
            let year = try await AcademicYear.query(on: app.db).first()!
            try await CommandLineTests.killMidway(["close-year", "--reason", "Проверка обрыва"], config: app.kopilkaConfig, after: 0.4,
                                                  today: year.endsOn.adding(days: 1))
            let closed = try await AcademicYear.query(on: app.db).filter(\.$status == .closed).count()
            let years = try await AcademicYear.query(on: app.db).count()
            let open = try await Enrolment.query(on: app.db).filter(\.$endsOn == nil).with(\.$classGroup).all()
            if closed == 1 {
                // Happened whole: the next year exists and every active enrolment is in it.
                #expect(years == 2)
                let next = try await AcademicYear.query(on: app.db).filter(\.$status == .open).first()!
                #expect(open.allSatisfy { $0.classGroup.$academicYear.id == next.id })
            } else {
                // Did not happen at all.
                #expect(years == 1 && closed == 0)
                #expect(try await PeriodLock.query(on: app.db).count() == 0)
                #expect(open.count > 200)
            }
        }
    }
}

/// Issue 7's reliability check for imports: a roster import killed midway (SIGKILL) is all or nothing.
@Suite struct ImportKillTests {
    @Test func anImportKilledMidwayLoadsEveryRowOrNone() async throws {
        try await withKopilka(demo: true) { app in
            let before = try await Pupil.query(on: app.db).count()
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-roster-\(UUID().uuidString).csv").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            let n = 1500
            try ImportTests.csv(ImportTests.roster(n)).write(to: URL(fileURLWithPath: file))
            try await CommandLineTests.killMidway(["import", "roster", file], config: app.kopilkaConfig, after: 0.7)
            let after = try await Pupil.query(on: app.db).count()
            #expect(after == before || after == before + n, "\(after - before) of \(n) pupils after a kill")
            #expect(try await Pupil.query(on: app.db).filter(\.$lastName ~~ "Загрузкин").count() == after - before)
        }
    }
}

/// Issue 17: a closed year stays readable — the parent (and the old class's teacher) choose it on the results page and
/// see its marks, final marks and charts as they stood, marked read-only.
@Suite struct PastYearTests {
    typealias A = AchievementTests

    @Test func afterTheCloseTheParentReadsLastYearsMarksByChoosingTheYear() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let math = try await ExportTests.item(app, "2А", "math")
            let q1 = try await ExportTests.post(app, pupil: pupil.id!, item: math, value: "5")
            let year = try #require(try await AcademicYear.find(math.classGroup.$academicYear.id, on: app.db))
            let head = try #require(try await User.query(on: app.db).filter(\.$login == "director").first())
            _ = try await YearClose.close(app: app, db: app.db, audit: app.audit(schoolID: DemoSchool.schoolID, actorID: head.id), year: year,
                                          reason: "Проверка прошлого года", lockedBy: head.id!, today: year.endsOn.adding(days: 1))
            // In the summer after the close (next year's classes start on 1 September) the page opens on the closed year;
            // a graduate's results stay readable for good.
            app.clock.move(to: year.endsOn.adding(days: 10))
            let parent = try await A.signedIn(app, "parent")
            let results = RouteTable.pupilsResults.path(pupil.id!)
            let summer = try await parent.get(results)
            #expect(summer.status == .ok && parent.body(summer).contains("id=\"past-year\""))
            let graduate = try #require(try await Pupil.query(on: app.db).filter(\.$status == .graduated).first())
            #expect(try await A.signedIn(app, "director").get(RouteTable.pupilsResults.path(graduate.id!)).status == .ok)
            app.clock.move(to: year.endsOn.adding(days: 100))
            let now = parent.body(try await parent.get(results))
            #expect(now.contains("id=\"year-switch\"") && now.contains(year.title) && !now.contains("id=\"past-year\""))
            let past = parent.body(try await parent.get(results + "?year=\(year.id!.uuidString.lowercased())&period=\(q1.id!.uuidString.lowercased())"))
            #expect(past.contains("id=\"past-year\"") && past.contains("Математика"))
            #expect(past.contains("<span>Итог за период</span>: 5") || past.contains(": 5</strong>"))
            // The old class's teacher reads it too; another family reaches nothing.
            let teacher = try await A.signedIn(app, "teacher")
            #expect(try await teacher.get(results + "?year=\(year.id!.uuidString.lowercased())").status == .ok)
            #expect(try await A.signedIn(app, "parent.002").get(results + "?year=\(year.id!.uuidString.lowercased())").status == .notFound)
            // The deputy head chooses the closed year on the class list: its classes with the pupils they had at its end.
            let deputy = try await A.signedIn(app, "zavuch")
            let list = deputy.body(try await deputy.get("/classes?year=\(year.id!.uuidString.lowercased())"))
            #expect(list.contains("id=\"past-year\"") && list.contains(RouteTable.classGroup.path(math.$classGroup.id)))
            #expect(!list.contains("<td class=\"num\">0</td>"))
            // The class teacher finds last year's journals by choosing the year.
            let journals = teacher.body(try await teacher.get("/journals?year=\(year.id!.uuidString.lowercased())"))
            #expect(journals.contains("id=\"past-year\"") && journals.contains(JournalRef.classSubject(itemID: math.id!).path))
            #expect(try await teacher.get(JournalRef.classSubject(itemID: math.id!).path).status == .ok)
            // A closed year's final marks do not change, not even by the deputy head's correction.
            let marks = RouteTable.journalsClassPeriodMarks.path(math.id!)
            _ = try await deputy.get(marks + "?period=\(q1.id!.uuidString.lowercased())")
            let refused = try await deputy.post(marks, form: ["period": q1.id!.uuidString, "final_\(pupil.id!.uuidString.lowercased())": "4",
                                                              "reason_\(pupil.id!.uuidString.lowercased())": "исправление", "action": "save"])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await PeriodMark.query(on: app.db).filter(\.$pupil.$id == pupil.id!).filter(\.$period.$id == q1.id!).first()?.finalValue == "5")
            let oldClass = deputy.body(try await deputy.get(RouteTable.classGroup.path(math.$classGroup.id)))
            #expect(oldClass.contains(pupil.name.full) && oldClass.contains("id=\"past-year\"") && !oldClass.contains("class=\"close-period\""))
            let enrolled = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == math.$classGroup.id).count()
            #expect(!oldClass.contains("0 учеников") && enrolled > 0)
        }
    }
}
