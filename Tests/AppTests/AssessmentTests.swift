@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

@Suite struct AssessmentTests {
    @Test func vprIsExternalAndResultsAreCheckedAgainstTheMaximumAndTheScale() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await TestClient.start(app)
            try await c.signIn("zavuch")
            let classes = try await ClassGroup.query(on: app.db).all()
            let c4A = classes.first { $0.title == "4А" }!
            let math = try await Subject.query(on: app.db).filter(\.$code == "math").first()!
            _ = try await c.get("/assessments/new")
            let created = try await c.post("/assessments", form: ["title": "ВПР по математике", "kind": "vpr", "level": "federal",
                                                                  "class_id": c4A.id!.uuidString, "subject_id": math.id!.uuidString,
                                                                  "date": "2027-04-15", "max_score": "15"])
            #expect(created.status == .seeOther)
            let event = try #require(try await AssessmentEvent.query(on: app.db).filter(\.$title == "ВПР по математике").first())
            #expect(event.source == .external && event.level == "federal" && event.maxScore == 15)
            let pupils = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == c4A.id!).filter(\.$endsOn == nil).all().map { $0.$pupil.id }
            let path = "/assessments/\(event.id!.uuidString)"
            _ = try await c.get(path)
            let p0 = pupils[0].uuidString.lowercased(), p1 = pupils[1].uuidString.lowercased()
            let bad = try await c.post(path, form: ["score_\(p0)": "16", "mark_\(p1)": "6"])
            #expect(bad.status == .unprocessableEntity)
            #expect(c.body(bad).contains("Балл: число от 0 до 15."))
            #expect(c.body(bad).contains("«6» нет на шкале"))
            #expect(try await AssessmentResult.query(on: app.db).count() == 0)
            _ = try await c.get(path)
            #expect(try await c.post(path, form: ["score_\(p0)": "12", "mark_\(p0)": "4", "level_\(p0)": "basic", "score_\(p1)": "15"]).status == .seeOther)
            let results = try await AssessmentResult.query(on: app.db).filter(\.$event.$id == event.id!).all()
            #expect(results.count == 2)
            #expect(results.first { $0.$pupil.id == pupils[0] }?.level == .basic)
            // External results never enter current marks.
            #expect(try await MarkEvent.query(on: app.db).filter(\.$pupil.$id == pupils[0]).filter(\.$date == LocalDate("2027-04-15")!).count() == 0)
        }
    }

    @Test func gradeOneDiagnosticsTakeLevelsNotMarks() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await TestClient.start(app)
            try await c.signIn("zavuch")
            let c1A = try await ClassGroup.query(on: app.db).filter(\.$grade == 1).filter(\.$letter == "А").first()!
            let russian = try await Subject.query(on: app.db).filter(\.$code == "russian").first()!
            _ = try await c.get("/assessments/new")
            #expect(try await c.post("/assessments", form: ["title": "Стартовая диагностика", "kind": "diagnostic", "level": "school",
                                                             "class_id": c1A.id!.uuidString, "subject_id": russian.id!.uuidString, "date": "2026-09-20"]).status == .seeOther)
            let event = try await AssessmentEvent.query(on: app.db).filter(\.$title == "Стартовая диагностика").first()!
            #expect(event.source == .internal)
            let pupil = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == c1A.id!).first()!.$pupil.id.uuidString.lowercased()
            let path = "/assessments/\(event.id!.uuidString)"
            _ = try await c.get(path)
            let mark = try await c.post(path, form: ["mark_\(pupil)": "5"])
            #expect(c.body(mark).contains("В 1 классе отметки"))
            _ = try await c.get(path)
            #expect(try await c.post(path, form: ["level_\(pupil)": "advanced"]).status == .seeOther)
        }
    }
}
