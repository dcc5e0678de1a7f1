@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

@Suite struct ImportTests {
    static let header = ["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс", "ФИО родителя", "Телефон родителя", "E-mail родителя"]

    /// A roster of `n` pupils spread over the demo's classes 2А…4Б, each with a parent.
    static func roster(_ n: Int) -> [[String]] {
        let classes = ["2А", "2Б", "3А", "3Б", "4А", "4Б"]
        var rows: [[String]] = [header]
        for i in 0..<n {
            let born: String = String(format: "%02d.%02d.2017", 1 + i % 28, 1 + i % 12)
            let phone: String = String(format: "+7 900 100-%02d-%02d", i / 100, i % 100)
            let row: [String] = ["Загрузкин\(i)", "Артём", "Сергеевич", born, classes[i % classes.count],
                                 "Загрузкина\(i) Ирина Павловна", phone, "novikova\(i)@example.ru"]
            rows.append(row)
        }
        return rows
    }

    static func csv(_ rows: [[String]]) -> Data {
        Data(rows.map { $0.joined(separator: ";") }.joined(separator: "\r\n").utf8)
    }

    func admin(_ app: Application) async throws -> TestClient {
        let c = try await TestClient.start(app)
        try await c.signIn("admin")
        _ = try await c.get("/admin/import")
        return c
    }

    @Test func anXLSXRosterWithRussianHeadersLoadsOnceAndAgainChangesNothing() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await admin(app)
            let before = try await Pupil.query(on: app.db).count()
            let file = try XLSXWriter.make(Self.roster(200))
            let up = try await c.upload("/admin/import", field: "file", filename: "ученики.xlsx", data: file)
            #expect(up.status == .seeOther)
            let preview = try await c.get(up.headers.first(name: .location)!)
            #expect(c.body(preview).contains("Строк в файле: 200; готовы к загрузке: 200; с ошибками: 0."))
            let apply = try await c.post(up.headers.first(name: .location)! + "/apply", form: ["mode": "all"])
            #expect(apply.status == .ok)
            #expect(c.body(apply).contains("новых учеников — 200"))
            #expect(try await Pupil.query(on: app.db).count() == before + 200)
            let parent = try #require(try await User.query(on: app.db).filter(\.$email == "novikova7@example.ru").first())
            #expect(parent.mustChangePassword)
            #expect(try await RoleAssignment.query(on: app.db).filter(\.$user.$id == parent.id!).filter(\.$role == .parent).count() == 1)
            // The same file again: nothing changes.
            _ = try await c.get("/admin/import")
            let again = try await c.upload("/admin/import", field: "file", filename: "ученики.xlsx", data: file)
            _ = try await c.get(again.headers.first(name: .location)!)
            let second = try await c.post(again.headers.first(name: .location)! + "/apply", form: ["mode": "all"])
            #expect(c.body(second).contains("новых учеников — 0, обновлено — 0, без изменений — 200"))
            #expect(try await Pupil.query(on: app.db).count() == before + 200)
        }
    }

    @Test func aCorrectedFileUpdatesInPlaceAndMovesAPupil() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await admin(app)
            var rows = Self.roster(3)
            let up = try await c.upload("/admin/import", field: "file", filename: "list.csv", data: Self.csv(rows))
            _ = try await c.get(up.headers.first(name: .location)!)
            _ = try await c.post(up.headers.first(name: .location)! + "/apply", form: [:])
            rows[1][4] = "4Б"  // the first pupil (row 1 after the header) moves from 2А to 4Б
            _ = try await c.get("/admin/import")
            let up2 = try await c.upload("/admin/import", field: "file", filename: "list.csv", data: Self.csv(rows))
            _ = try await c.get(up2.headers.first(name: .location)!)
            let res = try await c.post(up2.headers.first(name: .location)! + "/apply", form: [:])
            #expect(c.body(res).contains("обновлено — 1"))
            let pupil = try await Pupil.query(on: app.db).filter(\.$lastName == "Загрузкин0").first()!
            let current = try await Enrolment.query(on: app.db).filter(\.$pupil.$id == pupil.id!).filter(\.$endsOn == nil).with(\.$classGroup).all()
            #expect(current.map(\.classGroup.title) == ["4Б"])
            #expect(try await Enrolment.query(on: app.db).filter(\.$pupil.$id == pupil.id!).count() == 2)
        }
    }

    /// The admin's list never makes a leader's account a parent (separation of duties): the pupil is loaded, the
    /// link is not made, and the report says why.
    @Test func aListDoesNotLinkALeadersAccountAsAParent() async throws {
        try await withKopilka(demo: true) { app in
            let director = try await User.query(on: app.db).filter(\.$login == "director").first()!
            director.email = "head@school.example"
            try await director.save(on: app.db)
            let links = try await GuardianLink.query(on: app.db).filter(\.$user.$id == director.id!).count()
            let roles = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == director.id!).count()
            var rows = Self.roster(2)
            rows[2][7] = "head@school.example"
            let c = try await admin(app)
            let up = try await c.upload("/admin/import", field: "file", filename: "list.csv", data: Self.csv(rows))
            _ = try await c.get(up.headers.first(name: .location)!)
            let done = try await c.post(up.headers.first(name: .location)! + "/apply", form: [:])
            #expect(try await Pupil.query(on: app.db).filter(\.$lastName ~~ ["Загрузкин0", "Загрузкин1"]).count() == 2)
            #expect(try await GuardianLink.query(on: app.db).filter(\.$user.$id == director.id!).count() == links)
            #expect(try await RoleAssignment.query(on: app.db).filter(\.$user.$id == director.id!).count() == roles)
            let table = try RosterImport.readTable(Self.csv(rows))
            let today = AchievementTests.today()
            let classes = try await RosterImport.classes(on: app.db, schoolID: DemoSchool.schoolID, today: today)
            let (valid, _) = Roster.validate(table, mapping: Roster.guess(headers: table.headers), knownClasses: Set(classes.keys))
            let report = try await RosterImport.apply(valid, on: app.db, schoolID: DemoSchool.schoolID, today: today, actorID: nil,
                                                      passwordHash: "x", dryRun: true)
            #expect(report.lines.contains { $0.1.contains("руководителя школы") }, "\(report.lines) \(c.body(done).count)")
        }
    }

    @Test func aDirtyFileWritesNothingUnlessOnlyValidRowsAreChosen() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await admin(app)
            var rows = Self.roster(4)
            rows[2][3] = "31.02.2015"
            rows[3][4] = "7В"
            let before = try await Pupil.query(on: app.db).count()
            let cp1251 = rows.map { $0.joined(separator: ";") }.joined(separator: "\n").data(using: .windowsCP1251)!
            let up = try await c.upload("/admin/import", field: "file", filename: "list.csv", data: cp1251)
            let path = up.headers.first(name: .location)!
            let preview = c.body(try await c.get(path))
            #expect(preview.contains("такой даты нет"))
            #expect(preview.contains("класс «7В»: такого класса в школе нет"))
            let refused = try await c.post(path + "/apply", form: ["mode": "all"])
            #expect(refused.status == .unprocessableEntity)
            #expect(c.body(refused).contains("Ничего не записано"))
            #expect(try await Pupil.query(on: app.db).count() == before)
            _ = try await c.get(path)
            let partial = try await c.post(path + "/apply", form: ["mode": "valid"])
            #expect(c.body(partial).contains("новых учеников — 2"))
            #expect(try await Pupil.query(on: app.db).count() == before + 2)
        }
    }

    @Test func notATableIsRefusedInRussian() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await admin(app)
            let res = try await c.upload("/admin/import", field: "file", filename: "photo.jpg", data: Data([0xFF, 0xD8, 0xFF, 0x00, 0x01, 0x02, 0x03]))
            #expect(res.status == .unprocessableEntity)
            #expect(c.body(res).contains("Не удалось прочитать файл"))
        }
    }

    @Test func slipsGiveEachParentOfAClassATemporaryPassword() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await admin(app)
            let c2A = try await ClassGroup.query(on: app.db).filter(\.$grade == 2).filter(\.$letter == "А").first()!
            _ = try await c.get("/admin/slips")
            let res = try await c.post("/admin/slips", form: ["class_id": c2A.id!.uuidString])
            #expect(res.status == .ok)
            let html = c.body(res)
            let slips = html.components(separatedBy: "<section class=\"slip\">").count - 1
            let parents = try await GuardianLink.query(on: app.db)
                .join(Enrolment.self, on: \GuardianLink.$pupil.$id == \Enrolment.$pupil.$id)
                .filter(Enrolment.self, \.$classGroup.$id == c2A.id!).all().map { $0.$user.id }
            #expect(slips == Set(parents).count)
            // The `parent` account's slip works once, then asks for a new password.
            guard let r = html.range(of: "<strong class=\"code-box\">parent</strong>") else { Issue.record("no slip for parent"); return }
            let after = html[r.upperBound...]
            let p1 = after.range(of: "<strong class=\"code-box\">")!
            let password = String(after[p1.upperBound...].prefix { $0 != "<" })
            let parent = try await TestClient.start(app)
            #expect(try await parent.signIn("parent", "demo").status == .unauthorized)
            let ok = try await parent.signIn("parent", password)
            #expect(ok.headers.first(name: .location) == "/account/password")
        }
    }
}

/// `kopilka import roster` on a real data directory: a dry run writes nothing, the run loads, errors stop it.
@Suite struct ImportCommandTests {
    @Test func commandLineImportChecksThenLoads() async throws {
        guard TestBackend.kind == .sqlite else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-import-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cli = CommandLineTests()
        #expect(try cli.run(["demo"], env: ["KOPILKA_DATA_DIR": dir, "KOPILKA_BCRYPT_COST": "4"]).code == 0)
        let file = dir + "/roster.csv"
        try ImportTests.csv(ImportTests.roster(30)).write(to: URL(fileURLWithPath: file))
        let dry = try cli.run(["import", "roster", file, "--dry-run"], env: ["KOPILKA_DATA_DIR": dir, "KOPILKA_BCRYPT_COST": "4"])
        #expect(dry.code == 0)
        #expect(dry.stderr.contains("30/30"))
        let run = try cli.run(["import", "roster", file], env: ["KOPILKA_DATA_DIR": dir, "KOPILKA_BCRYPT_COST": "4"])
        #expect(run.code == 0)
        var bad = ImportTests.roster(2)
        bad[1][3] = "31.02.2015"
        try ImportTests.csv(bad).write(to: URL(fileURLWithPath: file))
        let refused = try cli.run(["import", "roster", file], env: ["KOPILKA_DATA_DIR": dir, "KOPILKA_BCRYPT_COST": "4"])
        #expect(refused.code == 2)
        #expect(refused.stderr.contains("ничего не записано"))
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: AppConfig.forTests(dataDirectory: dir))
            #expect(try await Pupil.query(on: app.db).filter(\.$lastName ~~ "Загрузкин").count() == 30)
        } catch { try? await app.asyncShutdown(); throw error }
        try await app.asyncShutdown()
    }
}

@Suite struct SlipsPDFTests {
    @Test func slipsComeAsAPDFWithAPagePerParentAndReadableCyrillic() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await TestClient.start(app)
            try await c.signIn("admin")
            let c1A = try await ClassGroup.query(on: app.db).filter(\.$grade == 1).filter(\.$letter == "А").first()!
            _ = try await c.get("/admin/slips")
            let res = try await c.post("/admin/slips", form: ["class_id": c1A.id!.uuidString, "format": "pdf"])
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.subType == "pdf")
            let pdf = Data(buffer: res.body!)
            #expect(pdf.starts(with: Data("%PDF".utf8)))
            let parents = Set(try await GuardianLink.query(on: app.db)
                .join(Enrolment.self, on: \GuardianLink.$pupil.$id == \Enrolment.$pupil.$id)
                .filter(Enrolment.self, \.$classGroup.$id == c1A.id!).all().map { $0.$user.id })
            // pdftotext (poppler-utils) reads the Cyrillic back, page by page: real text, one slip per parent.
            let pages = try Tools.pdfPages(pdf)
            #expect(pages.count >= parents.count)
            let extracted = pages.joined(separator: "\n")
            #expect(extracted.contains("Временный пароль"))
            #expect(extracted.contains("МБОУ НШДС №16"))
            let someParent = try await User.find(parents.first!, on: app.db)!
            #expect(extracted.contains(someParent.login))
        }
    }
}
