@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

@Suite struct AttestationTests {
    func setup(_ app: Application, classTitle: String = "3А") async throws -> (CurriculumItem, [UUID], TestClient, String) {
        let items = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
        let item = items.first { $0.classGroup.title == classTitle && $0.subject.code == "math" }!
        let pupils = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == item.$classGroup.id).filter(\.$endsOn == nil)
            .join(Pupil.self, on: \Enrolment.$pupil.$id == \Pupil.$id).filter(Pupil.self, \.$homeSchooled == false).all().map { $0.$pupil.id }
        let teacher = try await TestClient.start(app)
        try await teacher.signIn(classTitle == "3А" ? "teacher.3a" : "teacher.1a")
        let path = JournalRef.classSubject(itemID: item.id!).path + "/attestation"
        _ = try await teacher.get(path)
        return (item, pupils, teacher, path)
    }

    @Test func failingResultOpensADebtThatARetakeClears() async throws {
        try await withKopilka(demo: true) { app in
            let (item, pupils, teacher, path) = try await setup(app)
            let p0 = pupils[0].uuidString.lowercased(), p1 = pupils[1].uuidString.lowercased()
            let noRetake = try await teacher.post(path, form: ["form": "Контрольная работа", "date": "2027-05-14", "result_\(p0)": "4", "result_\(p1)": "2"])
            #expect(noRetake.status == .unprocessableEntity)
            #expect(teacher.body(noRetake).contains("укажите дату пересдачи"))
            #expect(try await AttestationResult.query(on: app.db).count() == 0)
            _ = try await teacher.get(path)
            let ok = try await teacher.post(path, form: ["form": "Контрольная работа", "date": "2027-05-14", "retake_on": "2027-05-22",
                                                         "result_\(p0)": "4", "result_\(p1)": "2"])
            #expect(ok.status == .seeOther)
            #expect(try await AttestationResult.query(on: app.db).filter(\.$curriculumItem.$id == item.id!).count() == 2)
            let debt = try #require(try await AcademicDebt.query(on: app.db).filter(\.$pupil.$id == pupils[1]).first())
            #expect(debt.retakeOn == LocalDate("2027-05-22") && debt.clearedOn == nil)
            _ = try await teacher.get(path)
            let failingRetake = try await teacher.post(path + "/debts/\(debt.id!.uuidString)", form: ["value": "2", "cleared_on": "2027-05-22"])
            #expect(teacher.body(failingRetake).contains("нужна положительная отметка"))
            _ = try await teacher.get(path)
            #expect(try await teacher.post(path + "/debts/\(debt.id!.uuidString)", form: ["value": "3", "cleared_on": "2027-05-22"]).status == .seeOther)
            let cleared = try await AcademicDebt.find(debt.id, on: app.db)!
            #expect(cleared.clearedOn == LocalDate("2027-05-22") && cleared.clearedValue == "3")
        }
    }

    @Test func offScaleResultsAndDatesOutsideTheYearAreRefused() async throws {
        try await withKopilka(demo: true) { app in
            let (_, pupils, teacher, path) = try await setup(app)
            let p0 = pupils[0].uuidString.lowercased()
            let bad = try await teacher.post(path, form: ["form": "Тест", "date": "2027-05-14", "result_\(p0)": "6"])
            #expect(teacher.body(bad).contains("«6» нет на шкале"))
            _ = try await teacher.get(path)
            let summer = try await teacher.post(path, form: ["form": "Тест", "date": "2027-07-14", "result_\(p0)": "5"])
            #expect(teacher.body(summer).contains("должна лежать в учебном году"))
            #expect(try await AttestationResult.query(on: app.db).count() == 0)
        }
    }

    @Test func gradeOneIsOutsideAttestation() async throws {
        try await withKopilka(demo: true) { app in
            let items = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
            let item = items.first { $0.classGroup.title == "1А" && $0.subject.code == "math" }!
            let c = try await TestClient.start(app)
            try await c.signIn("teacher.1a")
            let res = try await c.get(JournalRef.classSubject(itemID: item.id!).path + "/attestation")
            #expect(res.status == .unprocessableEntity)
            #expect(c.body(res).contains("В 1 классе промежуточная аттестация не проводится"))
        }
    }
}
