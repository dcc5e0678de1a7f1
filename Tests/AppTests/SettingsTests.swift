@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// The rules are data (1.2): what the deputy head edits changes what the journal computes.
@Suite struct SettingsTests {
    func deputy(_ app: Application) async throws -> TestClient {
        let c = try await TestClient.start(app)
        try await c.signIn("zavuch")
        _ = try await c.get("/settings")
        return c
    }

    @Test func gradeOneCannotBeGivenMarks() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await deputy(app)
            let p1 = try await AssessmentPolicy.query(on: app.db).filter(\.$gradeFrom == 1).first()!
            let res = try await c.post("/settings/policies/\(p1.id!.uuidString)", form: ["marks_allowed": "on", "threshold_5": "4.5",
                                                                                       "threshold_4": "3.5", "threshold_3": "2.5", "min_marks": "3"])
            #expect(res.status == .unprocessableEntity)
            #expect(c.body(res).contains("в 1 классе обучение безотметочное"))
            #expect(try await AssessmentPolicy.find(p1.id, on: app.db)!.marksAllowed == false)
        }
    }

    @Test func thresholdsMustBeOrderedAndChangeTheProposal() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await deputy(app)
            let p = try await AssessmentPolicy.query(on: app.db).filter(\.$gradeFrom == 2).first()!
            let bad = try await c.post("/settings/policies/\(p.id!.uuidString)", form: ["marks_allowed": "on", "threshold_5": "3.5",
                                                                                      "threshold_4": "4.5", "threshold_3": "2.5", "min_marks": "3"])
            #expect(bad.status == .unprocessableEntity)
            #expect(c.body(bad).contains("Пороги: нужны числа"))
            _ = try await c.get("/settings")
            let ok = try await c.post("/settings/policies/\(p.id!.uuidString)", form: ["marks_allowed": "on", "threshold_5": "4.5",
                                                                                     "threshold_4": "3.5", "threshold_3": "2.5", "min_marks": "2"])
            #expect(ok.status == .seeOther)
            let items = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
            let math = items.first { $0.classGroup.title == "2А" && $0.subject.code == "math" }!
            let j = try await JournalQueries.context(on: app.db, schoolID: DemoSchool.schoolID, ref: .classSubject(itemID: math.id!))!
            #expect(try await PeriodMarkService.rule(on: app.db, j) == PeriodMarkRule(threshold5: 4.5, threshold4: 3.5, threshold3: 2.5, minMarks: 2))
        }
    }

    @Test func periodsStayInTheYearAndDoNotOverlap() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await deputy(app)
            let q2 = try await Period.query(on: app.db).filter(\.$number == 2).first()!
            let overlap = try await c.post("/settings/periods/\(q2.id!.uuidString)", form: ["starts_on": "2026-10-20", "ends_on": "2026-12-28"])
            #expect(overlap.status == .unprocessableEntity)
            #expect(c.body(overlap).contains("пересекаются с периодом «1 четверть»"))
            _ = try await c.get("/settings")
            let outside = try await c.post("/settings/periods/\(q2.id!.uuidString)", form: ["starts_on": "2026-11-05", "ends_on": "2027-07-01"])
            #expect(c.body(outside).contains("должны лежать в учебном году"))
            _ = try await c.get("/settings")
            #expect(try await c.post("/settings/periods/\(q2.id!.uuidString)", form: ["starts_on": "2026-11-09", "ends_on": "2026-12-27"]).status == .seeOther)
            #expect(try await Period.find(q2.id, on: app.db)!.startsOn == LocalDate("2026-11-09"))
        }
    }

    @Test func workTypesAndScalesAreValidated() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await deputy(app)
            let bad = try await c.post("/settings/work-types", form: ["title": "Олимпиадная задача", "weight": "0"])
            #expect(c.body(bad).contains("вес — число больше 0"))
            _ = try await c.get("/settings")
            #expect(try await c.post("/settings/work-types", form: ["title": "Олимпиадная задача", "weight": "2,5"]).status == .seeOther)
            #expect(try await WorkType.query(on: app.db).filter(\.$title == "Олимпиадная задача").first()?.weight == 2.5)
            let five = try await MarkScale.query(on: app.db).filter(\.$code == "five_point").first()!
            _ = try await c.get("/settings")
            let withAbsence = try await c.post("/settings/scales/\(five.id!.uuidString)", form: ["values": "5, 4, 3, 2, н"])
            #expect(c.body(withAbsence).contains("«н» — это посещаемость"))
            #expect(try await MarkScale.find(five.id, on: app.db)!.allowedValues == ["5", "4", "3", "2"])
        }
    }

    @Test func teachersAndParentsDoNotEditTheRules() async throws {
        try await withKopilka(demo: true) { app in
            for login in ["teacher", "parent", "english"] {
                let c = try await TestClient.start(app)
                try await c.signIn(login)
                #expect(try await c.get("/settings").status == .forbidden)
            }
        }
    }
}

@Suite struct PeriodSchemeTests {
    @Test func gradeOneGetsItsOwnPeriodsAndUsedPeriodsStay() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await TestClient.start(app)
            try await c.signIn("zavuch")
            let q3 = try await Period.query(on: app.db).filter(\.$kind == .quarter).filter(\.$number == 3).first()!
            // Narrow the third quarter to grades 2–4, then give grade 1 its own with the February holidays.
            _ = try await c.get("/settings")
            #expect(try await c.post("/settings/periods/\(q3.id!.uuidString)", form: ["starts_on": q3.startsOn.iso, "ends_on": q3.endsOn.iso,
                                                                                     "grade_from": "2", "grade_to": "4"]).status == .seeOther)
            _ = try await c.get("/settings")
            #expect(try await c.post("/settings/periods", form: ["title": "3 четверть (1 класс)", "kind": "quarter", "grade_from": "1", "grade_to": "1",
                                                                 "starts_on": "2027-01-12", "ends_on": "2027-03-20"]).status == .seeOther)
            let items = try await CurriculumItem.query(on: app.db).with(\.$classGroup).all()
            let j = try await JournalQueries.context(on: app.db, schoolID: DemoSchool.schoolID,
                                                     ref: .classSubject(itemID: items.first { $0.classGroup.grade == 1 }!.id!))!
            #expect(try await JournalQueries.periods(on: app.db, j).map(\.title).contains("3 четверть (1 класс)"))
            // A period with a lock on it cannot be deleted.
            let q1 = try await Period.query(on: app.db).filter(\.$number == 1).filter(\.$kind == .quarter).first()!
            let zavuch = try await User.query(on: app.db).filter(\.$login == "zavuch").first()!
            try await PeriodLock(schoolID: DemoSchool.schoolID, periodID: q1.id!, classGroupID: items[0].$classGroup.id, lockedBy: zavuch.id!).create(on: app.db)
            _ = try await c.get("/settings")
            let refused = try await c.post("/settings/periods/\(q1.id!.uuidString)/delete", form: [:])
            #expect(c.body(refused).contains("нельзя удалить"))
            #expect(try await Period.find(q1.id, on: app.db) != nil)
        }
    }
}

@Suite struct YearMarkTests {
    @Test func theYearMarkIsProposedFromTheQuarterMarks() async throws {
        try await withKopilka(demo: true) { app in
            let items = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
            let item = items.first { $0.classGroup.title == "3А" && $0.subject.code == "math" }!
            let pupil = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == item.$classGroup.id).filter(\.$endsOn == nil).first()!.$pupil.id
            let quarters = try await Period.query(on: app.db).filter(\.$kind == .quarter).sort(\.$number).all()
            for (q, v) in zip(quarters, ["5", "4", "5", "5"]) {
                let m = PeriodMark()
                m.schoolID = DemoSchool.schoolID; m.$pupil.id = pupil; m.$curriculumItem.id = item.id!; m.$period.id = q.id!
                m.finalValue = v; m.status = .posted
                try await m.create(on: app.db)
            }
            let year = try await Period.query(on: app.db).filter(\.$kind == .year).first()!
            let j = try await JournalQueries.context(on: app.db, schoolID: DemoSchool.schoolID, ref: .classSubject(itemID: item.id!))!
            let row = try await PeriodMarkService.rows(on: app.db, j, period: year).first { $0.pupil.id == pupil }!
            #expect(row.proposal.mean == 4.75)
            #expect(row.proposal.value == "5")
            #expect(row.marks.count == 4)
        }
    }
}
