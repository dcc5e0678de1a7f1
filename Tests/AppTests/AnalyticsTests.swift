@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Analytics (2.1, 2.2) and the dynamics charts, through real HTTP.
@Suite struct AnalyticsTests {
    typealias A = AchievementTests

    /// A 2А pupil whose mathematics went from «5» to «2» over the last weeks.
    static func fallingPupil(_ app: Application) async throws -> Pupil {
        let class2A = try await ClassGroup.query(on: app.db).all().first { $0.title == "2А" }!
        let p = Pupil(id: UUID(), schoolID: DemoSchool.schoolID, name: PersonName(lastName: "Падалкина", firstName: "Ольга", middleName: "Сергеевна"),
                      sex: .female, birthDate: LocalDate("2018-02-02")!)
        try await p.create(on: app.db)
        try await Enrolment(schoolID: DemoSchool.schoolID, pupilID: p.id!, classGroupID: class2A.id!, startsOn: LocalDate("2026-09-01")!).create(on: app.db)
        let math = try await ExportTests.item(app, "2А", "math")
        let teacher = try await User.query(on: app.db).filter(\.$login == "teacher").first()!
        let today = A.today()
        for (ago, value) in [(48, "5"), (45, "5"), (41, "5"), (36, "4"), (20, "2"), (13, "2"), (6, "2")] {
            let lesson = Lesson(id: UUID(), schoolID: DemoSchool.schoolID, journalKind: .classJournal, curriculumItemID: math.id!,
                                date: today.adding(days: -ago), topic: "Урок аналитики")
            try await lesson.create(on: app.db)
            try await MarkEvent(schoolID: DemoSchool.schoolID, lessonID: lesson.id!, pupilID: p.id!, curriculumItemID: math.id!,
                                date: lesson.date, value: value, markScaleID: math.$markScale.id, weight: 1, workTypeID: nil,
                                authorID: teacher.id!, recordedAt: Date()).create(on: app.db)
        }
        return p
    }

    @Test func theDeputySeesWhoNeedsAttentionAndWhyAndCanExportIt() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await Self.fallingPupil(app)
            let deputy = try await A.signedIn(app, "zavuch")
            let page = deputy.body(try await deputy.get("/analytics"))
            #expect(page.contains(pupil.name.full))
            #expect(page.contains("Математика: средний балл снизился с"))
            #expect(page.contains("Базовый и выше"))
            let xlsx = try XLSXReader.rows(ExportTests.body(try await deputy.get("/analytics?list=risk&format=xlsx")))
            let row = try #require(xlsx.first { $0.first == pupil.name.full })
            #expect(row[1] == "2А" && row[2].contains("Математика: средний балл снизился"))
            let levels = String(decoding: ExportTests.body(try await deputy.get("/analytics?list=levels&format=csv")), as: UTF8.self)
            #expect(levels.contains("Математика") && levels.contains("Базовый и выше"))
            #expect(try await deputy.get("/analytics?list=nothing").status == .badRequest)
        }
    }

    @Test func aClassTeacherSeesTheirClassWithItsDistributionOthersDoNot() async throws {
        try await withKopilka(demo: true) { app in
            let teacher = try await A.signedIn(app, "teacher")
            let page = teacher.body(try await teacher.get("/analytics"))
            #expect(page.contains("Распределение отметок класса") && page.contains("<svg") && page.contains("«5» —"))
            let other = try await ClassGroup.query(on: app.db).all().first { $0.title == "3Б" }!
            #expect(try await teacher.get("/analytics?class=\(other.id!)").status == .notFound)
            #expect(try await A.signedIn(app, "english").get("/analytics").status == .forbidden)
            #expect(try await A.signedIn(app, "parent").get("/analytics").status == .forbidden)
        }
    }

    @Test func theParentSeesTheChartsWithTheirDataAsText() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let parent = try await A.signedIn(app, "parent")
            let page = parent.body(try await parent.get("/pupils/\(pupil.id!)/results"))
            #expect(page.contains("<svg") && page.contains("role=\"img\"") && page.contains("Динамика за год"))
            #expect(page.contains("Данные графика таблицей") && page.contains("Средний балл с начала года"))
            #expect(!page.contains("<script"))
        }
    }
}
