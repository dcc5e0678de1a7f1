@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

@Suite struct SetupTests {
    func validForm(token: String) -> [String: String] {
        var f: [String: String] = [
            "token": token, "name": "Муниципальное бюджетное общеобразовательное учреждение «Школа № 7»", "short_name": "МБОУ Школа №7",
            "address": "г. Тула, ул. Садовая, 7", "inn": "4826016019", "ogrn": "1024840816010", "head_name": "Петрова Анна Сергеевна",
            "admin_name": "Сидоров Павел Андреевич", "login": "sidorov", "password": "Надёжный-2026", "password_repeat": "Надёжный-2026",
            "year_start": "2026-09-01", "year_end": "2027-05-26", "scheme": "trimester",
            "p1_start": "2026-09-01", "p1_end": "2026-11-30", "p2_start": "2026-12-01", "p2_end": "2027-02-28",
            "p3_start": "2027-03-01", "p3_end": "2027-05-26",
            "letters_1": "А", "letters_2": "А, Б", "letters_3": "", "letters_4": "А",
        ]
        for (i, s) in FOPNOO.subjects.enumerated() {
            f["subject_\(i)_name"] = s.name
            for g in 1...4 { f["subject_\(i)_h\(g)"] = s.hours[g - 1] == 0 ? "" : PeriodMarksFormat.weight(s.hours[g - 1]) }
        }
        return f
    }

    @Test func anEmptyInstallationIsSetUpByItsAdminWithTheToken() async throws {
        try await withKopilka { app in
            let token = try #require(try await app.prepareSetupToken())
            let client = try await TestClient.start(app)
            let first = try await client.get("/")
            #expect(first.headers.first(name: .location) == "/setup")
            let page = try await client.get("/setup?token=\(token)")
            #expect(page.status == .ok)
            #expect(client.body(page).contains("Русский язык"))
            // A wrong token, a bad ИНН, a short password: each named, nothing created.
            var bad = validForm(token: "guess")
            bad["inn"] = "1234567890"
            bad["password"] = "123"; bad["password_repeat"] = "123"
            let refused = try await client.post("/setup", form: bad)
            #expect(refused.status == .unprocessableEntity)
            let html = client.body(refused)
            #expect(html.contains("Код первого запуска: не совпадает"))
            #expect(html.contains("ИНН: 10 цифр"))
            #expect(html.contains("Новый пароль: нужно не меньше 8 символов."))
            #expect(try await School.query(on: app.db).count() == 0)
            _ = try await client.get("/setup?token=\(token)")
            let ok = try await client.post("/setup", form: validForm(token: token))
            #expect(ok.status == .seeOther)
            #expect(ok.headers.first(name: .location) == "/?welcome=1")
            let home = try await client.get("/?welcome=1")
            #expect(client.body(home).contains("Школа создана"))
            let school = try #require(try await School.query(on: app.db).first())
            #expect(school.shortName == "МБОУ Школа №7")
            let classes = try await ClassGroup.query(on: app.db).all().map(\.title).sorted()
            #expect(classes == ["1А", "2А", "2Б", "4А"])
            #expect(try await Period.query(on: app.db).filter(\.$kind == .trimester).count() == 3)
            // Grade 1 takes words only; ОРКСЭ in grade 4 pass/fail; English from grade 2.
            let items = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).with(\.$markScale).all()
            #expect(items.filter { $0.classGroup.grade == 1 }.allSatisfy { $0.markScale.kind == .verbal })
            #expect(items.first { $0.subject.code == "orkse" }?.markScale.kind == .passFail)
            #expect(!items.contains { $0.classGroup.grade == 1 && $0.subject.code == "english" })
            #expect(try await AssessmentPolicy.query(on: app.db).filter(\.$gradeFrom == 1).first()?.marksAllowed == false)
            // Setup is over: the page is gone.
            #expect(try await client.get("/setup").status == .notFound)
        }
    }
}
