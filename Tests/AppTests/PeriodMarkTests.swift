@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

@Suite struct PeriodMarkTests {
    struct Setup {
        let item: CurriculumItem
        let q1: Period
        let child: Pupil
        let path: String
    }

    /// 2А mathematics in the first quarter, and the `parent` family's child there.
    func setup(_ app: Application) async throws -> Setup {
        let items = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
        let item = items.first { $0.classGroup.title == "2А" && $0.subject.code == "math" }!
        let q1 = try await Period.query(on: app.db).filter(\.$number == 1).first()!
        let pupilUser = try await User.query(on: app.db).filter(\.$login == "pupil").first()!
        let childID = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == pupilUser.id!).first()!.pupilID!
        let child = try await Pupil.find(childID, on: app.db)!
        return Setup(item: item, q1: q1, child: child, path: JournalRef.classSubject(itemID: item.id!).path + "/period-marks")
    }

    func proposal(_ app: Application, _ s: Setup) async throws -> PeriodMarkProposal {
        let j = try await JournalQueries.context(on: app.db, schoolID: DemoSchool.schoolID, ref: .classSubject(itemID: s.item.id!))!
        return try await PeriodMarkService.rows(on: app.db, j, period: s.q1).first { $0.pupil.id == s.child.id }!.proposal
    }

    @Test func finalMarkDiffersFromTheProposalOnlyWithAReasonAndParentsSeeItOncePosted() async throws {
        try await withKopilka(demo: true) { app in
            let s = try await setup(app)
            let p = try await proposal(app, s)
            let proposed = try #require(p.value)
            let other = proposed == "5" ? "4" : "5"
            let field = "final_\(s.child.id!.uuidString.lowercased())"
            let reasonField = "reason_\(s.child.id!.uuidString.lowercased())"
            let teacher = try await TestClient.start(app)
            try await teacher.signIn("teacher")
            let page = teacher.body(try await teacher.get(s.path + "?period=\(s.q1.id!.uuidString)"))
            // The computation is on the page: the weighted sum, the divisor and the mean.
            #expect(page.contains(String(p.explanation.split(separator: ";")[0])))

            let noReason = try await teacher.post(s.path, form: ["period": s.q1.id!.uuidString, field: other, "action": "save"])
            #expect(noReason.status == .unprocessableEntity)
            #expect(teacher.body(noReason).contains("итог отличается от предложения правила («\(proposed)»)"))
            #expect(try await PeriodMark.query(on: app.db).count() == 0)

            _ = try await teacher.get(s.path + "?period=\(s.q1.id!.uuidString)")
            let draft = try await teacher.post(s.path, form: ["period": s.q1.id!.uuidString, field: other, reasonField: "Итоговая контрольная на «\(other)»", "action": "save"])
            #expect(draft.status == .seeOther)
            let stored = try #require(try await PeriodMark.query(on: app.db).filter(\.$pupil.$id == s.child.id!).first())
            #expect(stored.status == .proposed && stored.finalValue == other && stored.proposedValue == proposed)

            // A draft is not shown to the family; a posted mark is, with the reason and the computation.
            let parent = try await TestClient.start(app)
            try await parent.signIn("parent")
            let results = "/pupils/\(s.child.id!.uuidString)/results?period=\(s.q1.id!.uuidString)"
            #expect(!parent.body(try await parent.get(results)).contains("Итоговая контрольная"))
            // Posting needs a final mark for every pupil: the rule's proposal, or «н/а» with a reason.
            let j = try await JournalQueries.context(on: app.db, schoolID: DemoSchool.schoolID, ref: .classSubject(itemID: s.item.id!))!
            var form = ["period": s.q1.id!.uuidString, "action": "post"]
            for r in try await PeriodMarkService.rows(on: app.db, j, period: s.q1) {
                let id = r.pupil.id!.uuidString.lowercased()
                form["final_\(id)"] = r.proposal.value ?? "н/а"
                if r.proposal.value == nil { form["reason_\(id)"] = "Мало отметок" }
            }
            form[field] = other
            form[reasonField] = "Итоговая контрольная на «\(other)»"
            _ = try await teacher.get(s.path + "?period=\(s.q1.id!.uuidString)")
            #expect(try await teacher.post(s.path, form: form).status == .seeOther)
            #expect(try await PeriodMark.query(on: app.db).filter(\.$status == .posted).count() == (try await PeriodMarkService.rows(on: app.db, j, period: s.q1)).count)
            let html = parent.body(try await parent.get(results))
            #expect(html.contains("Итоговая контрольная"))
            #expect(html.contains("Как получилась отметка"))
            #expect(html.contains(String(format: "%.2f", p.mean!)))
        }
    }

    @Test func offScaleFinalMarksAreRefusedAndNothingIsSaved() async throws {
        try await withKopilka(demo: true) { app in
            let s = try await setup(app)
            let teacher = try await TestClient.start(app)
            try await teacher.signIn("teacher")
            _ = try await teacher.get(s.path)
            let res = try await teacher.post(s.path, form: ["period": s.q1.id!.uuidString, "final_\(s.child.id!.uuidString.lowercased())": "6",
                                                            "reason_\(s.child.id!.uuidString.lowercased())": "x"])
            #expect(res.status == .unprocessableEntity)
            #expect(teacher.body(res).contains("Итог «6»: такой отметки нет"))
            #expect(try await PeriodMark.query(on: app.db).count() == 0)
        }
    }

    @Test func onlyTheDeputyLocksAndThenTheTeacherCannotChange() async throws {
        try await withKopilka(demo: true) { app in
            let s = try await setup(app)
            let lock = "/classes/\(s.item.$classGroup.id.uuidString)/periods/\(s.q1.id!.uuidString)/lock"
            let teacher = try await TestClient.start(app)
            try await teacher.signIn("teacher")
            _ = try await teacher.get(RouteTable.classGroup.path(s.item.$classGroup.id))
            #expect(try await teacher.post(lock, form: ["reason": "Попытка учителя"]).status == .forbidden)
            let deputy = try await TestClient.start(app)
            try await deputy.signIn("zavuch")
            let classPage = deputy.body(try await deputy.get(RouteTable.classGroup.path(s.item.$classGroup.id)))
            #expect(classPage.contains("class=\"close-period\""))
            #expect(try await deputy.post(lock, form: ["reason": "Итоги подведены"]).status == .seeOther)
            #expect(try await PeriodLock.query(on: app.db).count() == 1)
            _ = try await teacher.get(s.path)
            let p = try await proposal(app, s)
            let res = try await teacher.post(s.path, form: ["period": s.q1.id!.uuidString, "final_\(s.child.id!.uuidString.lowercased())": p.value ?? "5"])
            #expect(res.status == .unprocessableEntity)
            #expect(teacher.body(res).contains("закрыт заместителем директора"))
        }
    }

    @Test func gradeOneHasNoPeriodMarks() async throws {
        try await withKopilka(demo: true) { app in
            let items = try await CurriculumItem.query(on: app.db).with(\.$classGroup).all()
            let item = items.first { $0.classGroup.grade == 1 }!
            let client = try await TestClient.start(app)
            try await client.signIn("zavuch")
            let res = try await client.get(JournalRef.classSubject(itemID: item.id!).path + "/period-marks")
            #expect(res.status == .unprocessableEntity)
            #expect(client.body(res).contains("В 1 классе отметки за период не выставляются"))
        }
    }
}

@Suite struct ResultsPageTests {
    @Test func subjectTeacherSeesOnlyTheirSubjectParentSeesAllAndTheHistory() async throws {
        try await withKopilka(demo: true) { app in
            let pupilUser = try await User.query(on: app.db).filter(\.$login == "pupil").first()!
            let childID = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == pupilUser.id!).first()!.pupilID!
            let q1 = try await Period.query(on: app.db).filter(\.$number == 1).first()!
            let path = "/pupils/\(childID.uuidString)/results?period=\(q1.id!.uuidString)"
            // A mark changed with a reason.
            let items = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
            let math = items.first { $0.classGroup.title == "2А" && $0.subject.code == "math" }!
            let lesson = try await Lesson.query(on: app.db).filter(\.$curriculumItem.$id == math.id!).first()!
            let teacher = try await User.query(on: app.db).filter(\.$login == "teacher").first()!
            for (i, v) in ["3", "4"].enumerated() {
                try await MarkEvent(schoolID: DemoSchool.schoolID, lessonID: lesson.id!, pupilID: childID, curriculumItemID: math.id,
                                    date: lesson.date, value: v, markScaleID: math.$markScale.id, weight: 1, workTypeID: nil,
                                    authorID: teacher.id!, recordedAt: Date().addingTimeInterval(Double(i) - 100_000),
                                    reason: i == 1 ? "Пересдача темы" : nil).create(on: app.db)
            }
            let english = try await TestClient.start(app)
            try await english.signIn("english")
            let e = english.body(try await english.get(path))
            #expect(e.contains("Иностранный язык (английский)"))
            #expect(!e.contains("<h2>Математика</h2>"))

            let parent = try await TestClient.start(app)
            try await parent.signIn("parent")
            let p = parent.body(try await parent.get(path))
            #expect(p.contains("<h2>Математика</h2>"))
            #expect(p.contains("<h2>Иностранный язык (английский)</h2>"))
            #expect(p.contains("«Пересдача темы»"))
            #expect(p.contains("3 → 4"))

            let admin = try await TestClient.start(app)
            try await admin.signIn("admin")
            #expect(try await admin.get(path).status == .notFound)
        }
    }
}

@Suite struct PeriodChoiceTests {
    @Test func theYearPeriodIsShownOnlyWhenAskedFor() async throws {
        try await withKopilka(demo: true) { app in
            let periods = try await Period.query(on: app.db).sort(\.$startsOn).all()
            let year = periods.first { $0.kind == .year }!
            let q2 = periods.first { $0.kind == .quarter && $0.number == 2 }!
            let inQ2 = LocalDate("2026-11-20")!, holidays = LocalDate("2026-11-01")!
            #expect(Period.choose(periods, wanted: nil, today: inQ2)?.id == q2.id)
            #expect(Period.choose(periods, wanted: nil, today: holidays)?.number == 1)  // the last one started
            #expect(Period.choose(periods, wanted: year.id, today: inQ2)?.id == year.id)
        }
    }
}
