@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Queries per page, counted at the driver (`AppConfig.countQueries`): the pages a school opens most must not send
/// one more query per pupil. Each page is counted on the demo school, then again after the class has grown by
/// `extra` pupils with a mark in every lesson; the count must stay the same.
@Suite struct QueryCountTests {
    static let extra = 12

    struct Page: Sendable { let name: String; let login: String; let path: String }

    @Test func thePupilAndJournalPagesSendAsManyQueriesForABigClassAsForASmallOne() async throws {
        try await withKopilka(demo: true, adjust: { $0.countQueries = true }) { app in
            let counter = try #require(app.queryCounter)
            let item = try #require(try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
                .first { $0.classGroup.title == "2А" && $0.subject.code == "math" })
            let enrolment = try #require(try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == item.$classGroup.id)
                .filter(\.$endsOn == nil).join(Pupil.self, on: \Enrolment.$pupil.$id == \Pupil.$id)
                .filter(Pupil.self, \.$homeSchooled == false).first())
            let pupil = enrolment.$pupil.id.uuidString
            let pages = [
                Page(name: "pupil card", login: "zavuch", path: "/pupils/\(pupil)"),
                Page(name: "pupil results", login: "zavuch", path: "/pupils/\(pupil)/results"),
                Page(name: "portfolio", login: "zavuch", path: "/pupils/\(pupil)/portfolio"),
                Page(name: "class journal", login: "teacher", path: JournalRef.classSubject(itemID: item.id!).path),
                Page(name: "journal list", login: "teacher", path: "/journals"),
            ]
            func measure() async throws -> [String: (count: Int, statements: [String])] {
                var out: [String: (count: Int, statements: [String])] = [:]
                for page in pages {
                    let c = try await TestClient.start(app)
                    try await c.signIn(page.login)
                    let warm = try await c.get(page.path)
                    #expect(warm.status == .ok, "\(page.name): \(warm.status)")
                    let ((res, queries), statements) = try await counter.recording { try await counter.counting { try await c.get(page.path) } }
                    #expect(res.status == .ok, "\(page.name): \(res.status)")
                    out[page.name] = (queries, statements)
                }
                return out
            }
            let small = try await measure()
            try await grow(app, classID: item.$classGroup.id, itemID: item.id!, template: enrolment, by: Self.extra)
            let big = try await measure()
            for page in pages {
                let before = try #require(small[page.name]), after = try #require(big[page.name])
                #expect(before.count > 0)
                #expect(after.count == before.count, """
                    \(page.name): \(before.count) queries with the demo class, \(after.count) with \(Self.extra) more pupils:
                    \(after.statements.joined(separator: "\n"))
                    """)
            }
        }
    }

    /// Adds `n` pupils to the class, each with a mark wherever the template pupil's class has a marked lesson.
    func grow(_ app: Application, classID: UUID, itemID: UUID, template: Enrolment, by n: Int) async throws {
        let marks = try await MarkEvent.query(on: app.db).filter(\.$curriculumItemID == itemID).filter(\.$action == .set).all()
        var firstPerLesson: [UUID: MarkEvent] = [:]
        for m in marks where firstPerLesson[m.$lesson.id] == nil { firstPerLesson[m.$lesson.id] = m }
        let sample = Array(firstPerLesson.values)
        try await app.db.transaction { db in
            for k in 0..<n {
                let p = Pupil(id: UUID(), schoolID: template.schoolID,
                              name: PersonName(lastName: "Новиков\(k)", firstName: "Пётр", middleName: "Ильич"),
                              sex: .male, birthDate: LocalDate(year: 2018, month: 5, day: 1)!)
                try await p.create(on: db)
                try await Enrolment(schoolID: template.schoolID, pupilID: p.id!, classGroupID: classID,
                                    startsOn: template.startsOn, reason: "Зачисление").create(on: db)
                for m in sample {
                    try await MarkEvent(schoolID: m.schoolID, lessonID: m.$lesson.id, pupilID: p.id!, curriculumItemID: itemID,
                                        date: m.date, value: m.value, verbal: m.verbal, markScaleID: m.markScaleID,
                                        weight: m.weight, workTypeID: m.workTypeID, authorID: m.authorID,
                                        recordedAt: m.recordedAt).create(on: db)
                }
            }
        }
    }
}
