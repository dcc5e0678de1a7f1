@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Issue 17: the home-schooled pupil's individual journal is a whole journal — period marks through the same rules and
/// pages as the class's, intermediate attestation, the class's ведомость and the year close count them.
@Suite struct IndividualPlanTests {
    typealias A = AchievementTests

    @Test func theHomeSchooledPupilGetsPeriodMarksAndAttestationAndAppearsInTheClassSheet() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try #require(try await Pupil.query(on: app.db).filter(\.$homeSchooled == true).first())
            let enrolment = try #require(try await Enrolment.query(on: app.db).filter(\.$pupil.$id == pupil.id!).filter(\.$endsOn == nil)
                .with(\.$classGroup).first())
            let c = enrolment.classGroup
            let item = try #require(try await CurriculumItem.query(on: app.db).filter(\.$classGroup.$id == c.id!).with(\.$subject).all()
                .first { $0.subject.code == "math" })
            let q1 = try #require(try await Period.query(on: app.db).filter(\.$kind == .quarter).filter(\.$number == 1).first())
            let teacher = try #require(try await User.find(item.$teacher.id, on: app.db))
            // Three lessons at home with marks 5, 4, 5 in the first quarter.
            for (n, value) in ["5", "4", "5"].enumerated() {
                let lesson = Lesson(id: UUID(), schoolID: DemoSchool.schoolID, journalKind: .individual, curriculumItemID: item.id,
                                    pupilID: pupil.id, date: q1.startsOn.adding(days: 7 * n + 1), topic: "Урок на дому \(n + 1)")
                try await lesson.create(on: app.db)
                try await MarkEvent(schoolID: DemoSchool.schoolID, lessonID: lesson.id!, pupilID: pupil.id!, curriculumItemID: item.id!,
                                    date: lesson.date, value: value, markScaleID: item.$markScale.id, weight: 1, workTypeID: nil,
                                    authorID: teacher.id!, recordedAt: Date()).create(on: app.db)
            }
            let client = try await A.signedIn(app, teacher.login)
            let grid = client.body(try await client.get(RouteTable.journalsIndividual.path(item.id!, pupil.id!) + "?period=\(q1.id!.uuidString.lowercased())"))
            let marksPath = RouteTable.journalsIndividualPeriodMarks.path(item.id!, pupil.id!)
            #expect(grid.contains("href=\"\(marksPath)?period=") && grid.contains(RouteTable.journalsIndividualAttestation.path(item.id!, pupil.id!)))
            let page = client.body(try await client.get(marksPath + "?period=\(q1.id!.uuidString.lowercased())"))
            #expect(page.contains(pupil.name.full) && page.contains("4.67"))
            let key = "final_\(pupil.id!.uuidString.lowercased())"
            let saved = try await client.post(marksPath, form: ["period": q1.id!.uuidString, key: "5", "action": "post"])
            #expect(saved.status == .seeOther)
            let mark = try #require(try await PeriodMark.query(on: app.db).filter(\.$pupil.$id == pupil.id!).filter(\.$curriculumItem.$id == item.id!)
                .filter(\.$period.$id == q1.id!).first())
            #expect(mark.finalValue == "5" && mark.status == .posted)
            // The class's ведомость lists every pupil of the class, the home-schooled one with his posted mark.
            let sheet = try await SheetQueries.summary(on: app.db, classGroup: c, period: q1, yearTitle: "")
            let enrolled = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == c.id!).filter(\.$endsOn == nil).count()
            #expect(sheet.rows.count == enrolled)
            let row = try #require(sheet.rows.first { $0.contains(.text(pupil.name.full)) })
            let column = try #require(sheet.columns.firstIndex { $0.title == (item.subject.shortName.isEmpty ? item.subject.name : item.subject.shortName) })
            #expect(row[column] == .number(5))

            // Intermediate attestation from the individual journal closes his gap in the year close.
            let year = try #require(try await AcademicYear.find(c.$academicYear.id, on: app.db))
            func attestationGap() async throws -> Int {
                try await YearClose.gaps(on: app.db, schoolID: DemoSchool.schoolID, year: year)
                    .first { $0.className == c.title && $0.subject == item.subject.name && $0.what == "промежуточная аттестация" }?.pupils ?? 0
            }
            let before = try await attestationGap()
            let attestation = RouteTable.journalsIndividualAttestation.path(item.id!, pupil.id!)
            let form = client.body(try await client.get(attestation))
            #expect(form.contains(pupil.name.full) && form.contains("action=\"\(attestation)\""))
            #expect(try await client.post(attestation, form: ["form": "Контрольная работа", "date": year.endsOn.adding(days: -5).iso,
                                                              "result_\(pupil.id!.uuidString.lowercased())": "4"]).status == .seeOther)
            #expect(try await attestationGap() == before - 1)
            #expect(try await AttestationResult.query(on: app.db).filter(\.$pupil.$id == pupil.id!).filter(\.$curriculumItem.$id == item.id!).count() == 1)
        }
    }
}
