@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Marks from an e-journal's export into the journals: mapping, per-row report, all-or-nothing apply.
@Suite struct MarksImportTests {
    static let header = ["ФИО обучающегося", "Дата рождения", "Класс", "Предмет", "Дата", "Оценка", "Вид работы"]

    /// A day of the demo's second quarter with no lessons yet: `back` days before the quarter ends.
    static func day(_ app: Application, back: Int) async throws -> String {
        let q2 = try #require(try await Period.query(on: app.db).filter(\.$title == "2 четверть").first())
        return q2.endsOn.adding(days: -back).russian
    }

    /// Rows for every pupil of a class on the given days: one mark each, cycling 5, 4, 3.
    static func rows(_ app: Application, classTitle: String = "3А", subject: String = "Математика",
                     back: [Int] = [14, 13]) async throws -> (rows: [[String]], workType: String) {
        var days: [String] = []
        for b in back { days.append(try await day(app, back: b)) }
        let c = try #require(try await ClassGroup.query(on: app.db).all().first { $0.title == classTitle })
        let latest = try #require(LocalDate(days.max { LocalDate($0)! < LocalDate($1)! }!))
        let earliest = try #require(LocalDate(days.min { LocalDate($0)! < LocalDate($1)! }!))
        let pupils = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == c.id!).with(\.$pupil).all()
            .filter { $0.startsOn <= earliest && ($0.endsOn.map { latest <= $0 } ?? true) }
            .map(\.pupil).filter { !$0.homeSchooled }.sorted { $0.lastName < $1.lastName }
        let workType = try #require(try await WorkType.query(on: app.db).sort(\.$sort).first()).title
        var rows: [[String]] = []
        for (d, day) in days.enumerated() {
            for (i, p) in pupils.enumerated() {
                rows.append([p.name.full, p.birthDate.russian, classTitle, subject, day, ["5", "4", "3"][(i + d) % 3], workType])
            }
        }
        return (rows, workType)
    }

    func deputy(_ app: Application) async throws -> TestClient {
        let c = try await TestClient.start(app)
        try await c.signIn("zavuch")
        _ = try await c.get("/journals/import")
        return c
    }

    func external(_ app: Application) async throws -> Int {
        try await MarkEvent.query(on: app.db).filter(\.$source == .external).count()
    }

    @Test func aDeputyImportsATermFromAnXLSXWithRussianHeadersAndAgainChangesNothing() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await deputy(app)
            let (rows, _) = try await Self.rows(app)
            let file = try XLSXWriter.make([Self.header] + rows)
            let up = try await c.upload("/journals/import", field: "file", filename: "Выгрузка отметок.xlsx", data: file)
            #expect(up.status == .seeOther)
            let path = try #require(up.headers.first(name: .location))
            let preview = c.body(try await c.get(path))
            #expect(preview.contains("Строк в файле: \(rows.count); будет добавлено: \(rows.count); изменено: 0; без изменений: 0; отклонено: 0."))
            #expect(preview.contains("текущие отметки"))
            // The guess took the Russian headers.
            #expect(preview.contains("<option value=\"Оценка\" selected>"))
            #expect(try await external(app) == 0)
            let done = try await c.post(path + "/apply", form: ["mode": "all"])
            #expect(done.status == .ok)
            #expect(c.body(done).contains("добавлено отметок — \(rows.count)"))
            #expect(try await external(app) == rows.count)
            let events = try await MarkEvent.query(on: app.db).filter(\.$source == .external).all()
            #expect(events.allSatisfy { $0.reason == MarksImportService.reason })
            // The marks are in the journal grid of 3А mathematics.
            let c3 = try #require(try await ClassGroup.query(on: app.db).all().first { $0.title == "3А" })
            let item = try #require(try await CurriculumItem.query(on: app.db).filter(\.$classGroup.$id == c3.id!).with(\.$subject).all()
                .first { $0.subject.name == "Математика" })
            #expect(Set(events.map(\.curriculumItemID)) == [item.id])
            #expect(Set(events.map(\.date.russian)) == [try await Self.day(app, back: 14), try await Self.day(app, back: 13)])
            // The same file again changes nothing.
            _ = try await c.get("/journals/import")
            let again = try await c.upload("/journals/import", field: "file", filename: "Выгрузка отметок.xlsx", data: file)
            let second = c.body(try await c.get(try #require(again.headers.first(name: .location))))
            #expect(second.contains("будет добавлено: 0; изменено: 0; без изменений: \(rows.count); отклонено: 0."))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "import").filter(\.$objectKind == "marks").count() == 1)
        }
    }

    @Test func aDirtyCP1251FileIsReportedRowByRowAndWritesNothingUnlessOnlyValidRowsAreChosen() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await deputy(app)
            var (rows, _) = try await Self.rows(app, back: [12])
            let valid = rows.count
            let first = rows[0]
            let other = try await Self.day(app, back: 11), day = first[4]
            rows.append(["Несуществующий Пётр Иванович", "01.01.2017", "3А", "Математика", day, "5", ""])  // unknown pupil
            rows.append([first[0], first[1], "3А", "Математика", other, "6", ""])                      // off the scale
            rows.append([first[0], first[1], "3А", "Математика", "01.06.2030", "5", ""])                      // outside the year
            rows.append(first)                                                                                 // duplicate
            rows.append([first[0], first[1], "3А", "Астрономия", day, "5", ""])                      // no such subject
            rows.append([first[0], first[1], "3А", "Математика", other, "Н", ""])                      // absence, not a mark
            let text = ([Self.header] + rows).map { $0.joined(separator: ";") }.joined(separator: "\r\n")
            let up = try await c.upload("/journals/import", field: "file", filename: "marks.csv", data: text.data(using: .windowsCP1251)!)
            let path = try #require(up.headers.first(name: .location))
            let preview = c.body(try await c.get(path))
            #expect(preview.contains("прочитан как Windows-1251"))
            #expect(preview.contains("отклонено: 6."))
            let base = valid + 1  // header is line 1
            #expect(preview.contains("<span>\(base + 1)</span>: ученик «Несуществующий Пётр Иванович», 01.01.2017 в школе не найден"))
            #expect(preview.contains("<span>\(base + 2)</span>: отметка «6»"))
            #expect(preview.contains("<span>\(base + 3)</span>: дата 01.06.2030 вне учебного года"))
            #expect(preview.contains("<span>\(base + 4)</span>: повтор"))
            #expect(preview.contains("<span>\(base + 5)</span>: предмет «Астрономия» в учебном плане класса не найден"))
            #expect(preview.contains("<span>\(base + 6)</span>: «Н» — отметка о посещаемости"))
            let refused = try await c.post(path + "/apply", form: ["mode": "all"])
            #expect(refused.status == .unprocessableEntity)
            #expect(c.body(refused).contains("Ничего не записано"))
            #expect(try await external(app) == 0)
            _ = try await c.get(path)
            let partial = try await c.post(path + "/apply", form: ["mode": "valid"])
            #expect(partial.status == .ok)
            #expect(c.body(partial).contains("добавлено отметок — \(valid)"))
            #expect(try await external(app) == valid)
        }
    }

    @Test func aMappingThatCannotIdentifyPupilsIsRefusedAndTheEncodingCanBeChosen() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await deputy(app)
            let (rows, _) = try await Self.rows(app, back: [12])
            let text = ([Self.header] + rows).map { $0.joined(separator: ";") }.joined(separator: "\n")
            let up = try await c.upload("/journals/import", field: "file", filename: "marks.csv", data: Data(text.utf8))
            let path = try #require(up.headers.first(name: .location))
            var form: [String: String] = ["map_full_name": "ФИО обучающегося", "map_subject": "Предмет", "map_date": "Дата", "map_mark": "Оценка"]
            let noBirth = c.body(try await c.post(path, form: form))
            #expect(noBirth.contains("по одному ФИО ученик не определяется однозначно"))
            let refused = try await c.post(path + "/apply", form: form.merging(["mode": "all"]) { $1 })
            #expect(refused.status == .unprocessableEntity)
            #expect(try await external(app) == 0)
            // Read as Windows-1251, the UTF-8 names do not match anyone: the choice is the user's.
            form["map_birth_date"] = "Дата рождения"
            form["encoding"] = "cp1251"
            let wrong = c.body(try await c.post(path, form: form))
            #expect(wrong.contains("будет добавлено: 0"))
        }
    }

    @Test func finalMarksOfAPeriodArePostedAndLockedPeriodsRefused() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await deputy(app)
            let (rows, _) = try await Self.rows(app, back: [12])
            let header = ["Ученик", "Дата рождения", "Класс", "Предмет", "Период", "Итоговая отметка"]
            var finals = rows.map { [$0[0], $0[1], $0[2], $0[3], "II четверть", $0[5]] }
            finals.append([rows[0][0], rows[0][1], "3А", "Математика", "7 четверть", "5"])
            let text = ([header] + finals).map { $0.joined(separator: ";") }.joined(separator: "\n")
            let up = try await c.upload("/journals/import", field: "file", filename: "itog.csv", data: Data(text.utf8))
            let path = try #require(up.headers.first(name: .location))
            let preview = c.body(try await c.get(path))
            #expect(preview.contains("итоговые отметки за период"))
            #expect(preview.contains("период «7 четверть» не найден"))
            let partial = try await c.post(path + "/apply", form: ["mode": "valid"])
            #expect(partial.status == .ok)
            let q2 = try #require(try await Period.query(on: app.db).filter(\.$title == "2 четверть").first())
            let posted = try await PeriodMark.query(on: app.db).filter(\.$period.$id == q2.id!).filter(\.$reason == MarksImportService.reason).all()
            #expect(posted.count == rows.count)
            #expect(posted.allSatisfy { $0.status == .posted && $0.finalValue != nil })
        }
    }

    @Test func lessonMarksOfALockedSecondQuarterAreRefusedLikeTheGridRefusesThem() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await deputy(app)
            let class3A = try #require(try await ClassGroup.query(on: app.db).all().first { $0.title == "3А" })
            let q2 = try #require(try await Period.query(on: app.db).filter(\.$title == "2 четверть").first())
            let head = try #require(try await User.query(on: app.db).filter(\.$login == "director").first())
            // The year period starts on the quarter's first day: the quarter's own lock must still count.
            try await PeriodLock(schoolID: DemoSchool.schoolID, periodID: q2.id!, classGroupID: class3A.id!, lockedBy: head.id!).create(on: app.db)
            let (rows, _) = try await Self.rows(app, back: [12])
            let text = ([Self.header] + rows).map { $0.joined(separator: ";") }.joined(separator: "\n")
            let up = try await c.upload("/journals/import", field: "file", filename: "q2.csv", data: Data(text.utf8))
            let path = try #require(up.headers.first(name: .location))
            // The lesson form's rule refuses the new lesson, in the journal's own words.
            #expect(c.body(try await c.get(path)).contains(LessonProblem.periodLocked(title: "2 четверть").message))
            let before = try await external(app)
            let lessons = try await Lesson.query(on: app.db).count()
            _ = try await c.post(path + "/apply", form: ["mode": "valid"])
            #expect(try await external(app) == before)
            #expect(try await Lesson.query(on: app.db).count() == lessons)
        }
    }

    @Test func anExistingLessonInALockedQuarterIsDecidedByTheCellRuleAndAnAbsenceIsNotOverwritten() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await deputy(app)
            let (rows, _) = try await Self.rows(app, back: [12])
            func upload(_ rows: [[String]]) async throws -> String {
                let text = ([Self.header] + rows).map { $0.joined(separator: ";") }.joined(separator: "\n")
                let up = try await c.upload("/journals/import", field: "file", filename: "q2.csv", data: Data(text.utf8))
                return try #require(up.headers.first(name: .location))
            }
            var path = try await upload(rows)
            _ = try await c.post(path + "/apply", form: ["mode": "all"])
            let imported = try await external(app)
            #expect(imported == rows.count)
            // A recorded absence on the first pupil's imported lesson: a mark over it is the journal's to decide.
            let first = try #require(try await MarkEvent.query(on: app.db).filter(\.$source == .external).sort(\.$recordedAt).first())
            let absence = Attendance()
            absence.schoolID = DemoSchool.schoolID; absence.$lesson.id = first.$lesson.id; absence.$pupil.id = first.$pupil.id
            absence.status = .absent
            try await absence.create(on: app.db)
            var changed = rows
            changed[0][5] = changed[0][5] == "5" ? "4" : "5"
            path = try await upload(changed)
            let preview = c.body(try await c.get(path))
            #expect(preview.contains("отмечено «н»"))
            #expect(preview.contains("без изменений: \(rows.count - 1)"))
            // The quarter locked for the class: the lessons exist, so the cell rule decides — an unchanged row is nothing
            // to do, a changed one is refused with the lock's reason.
            let class3A = try #require(try await ClassGroup.query(on: app.db).all().first { $0.title == "3А" })
            let q2 = try #require(try await Period.query(on: app.db).filter(\.$title == "2 четверть").first())
            let head = try #require(try await User.query(on: app.db).filter(\.$login == "director").first())
            try await PeriodLock(schoolID: DemoSchool.schoolID, periodID: q2.id!, classGroupID: class3A.id!, lockedBy: head.id!).create(on: app.db)
            changed[0] = rows[0]
            changed[1][5] = changed[1][5] == "5" ? "4" : "5"
            path = try await upload(changed)
            let locked = c.body(try await c.get(path))
            #expect(locked.contains(MarkError.periodLocked(title: "2 четверть").message))
            #expect(locked.contains("без изменений: \(rows.count - 1)"))
            _ = try await c.post(path + "/apply", form: ["mode": "valid"])
            #expect(try await external(app) == imported)
        }
    }

    @Test func onlyTheDeputyHeadAndTheHeadImportMarks() async throws {
        try await withKopilka(demo: true) { app in
            for login in ["teacher", "parent", "admin"] {
                let c = try await TestClient.start(app)
                try await c.signIn(login)
                #expect(try await c.get("/journals/import").status == .forbidden, "\(login)")
            }
            let head = try await TestClient.start(app)
            try await head.signIn("director")
            #expect(try await head.get("/journals/import").status == .ok)
            let control = head.body(try await head.get("/control"))
            #expect(control.contains("href=\"/journals/import\""))
        }
    }

    @Test func commandLineImportOfMarksChecksThenLoadsWithAProgressBar() async throws {
        guard TestBackend.kind == .sqlite else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-marks-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cli = CommandLineTests()
        let env = ["KOPILKA_DATA_DIR": dir, "KOPILKA_BCRYPT_COST": "4"]
        #expect(try cli.run(["demo"], env: env).code == 0)
        // The rows come from the demo just created, through its database.
        let app = try await Application.make(.testing)
        let rows: [[String]]
        do {
            try await configure(app, config: AppConfig.forTests(dataDirectory: dir))
            rows = try await Self.rows(app, back: [12]).rows
        } catch { try? await app.asyncShutdown(); throw error }
        try await app.asyncShutdown()
        let file = dir + "/marks.csv", mapping = dir + "/mapping.json"
        try Data(([["ID", "Ученик", "ДР", "Кл", "Урок", "Дата урока", "Балл"]] + rows.map { ["x", $0[0], $0[1], $0[2], $0[3], $0[4], $0[5]] })
            .map { $0.joined(separator: ";") }.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
        try Data(#"{"full_name": "Ученик", "birth_date": "ДР", "class": "Кл", "subject": "Урок", "date": "Дата урока", "mark": "Балл"}"#.utf8)
            .write(to: URL(fileURLWithPath: mapping))
        let dry = try cli.output(["import", "marks", file, "--mapping", mapping, "--dry-run"], env: env)
        #expect(dry.code == 0)
        #expect(dry.stdout.contains("Проверка (ничего не записано): строк — \(rows.count); добавить — \(rows.count)"))
        #expect(dry.stderr.contains("100/100"))
        let run = try cli.output(["import", "marks", file, "--mapping", mapping, "--as", "zavuch"], env: env)
        #expect(run.code == 0)
        #expect(run.stdout.contains("Готово: строк — \(rows.count); добавить — \(rows.count)"))
        let again = try cli.output(["import", "marks", file, "--mapping", mapping, "--dry-run"], env: env)
        #expect(again.stdout.contains("без изменений — \(rows.count)"))
        let badMapping = try cli.output(["import", "marks", file, "--mapping", mapping, "--as", "teacher"], env: env)
        #expect(badMapping.code != 0)
        #expect(badMapping.stderr.contains("--as: «teacher» — не заместитель директора и не директор"))
    }
}
