import Domain
import Fluent
import Vapor

/// What the benchmark harness needs from the app, without reaching into its internals.
public enum BenchFixtures {
    public static func seedDemo(_ app: Application) async throws {
        let hash = try await app.password.async.hash(DemoSchool.password)
        _ = try await DemoSchool.create(on: app.db, today: LocalDate.today(in: TimeZone(identifier: "Europe/Moscow")!), passwordHash: hash, blobs: app.blobs)
    }

    public static func pupilCardPath(_ app: Application, classTitle: String) async throws -> String {
        let classes = try await ClassGroup.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).all()
        guard let c = classes.first(where: { $0.title == classTitle }),
              let e = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == c.id!).first() else {
            throw Abort(.notFound, reason: "bench: no pupil in \(classTitle)")
        }
        return Paths.pupil(e.$pupil.id)
    }

    public struct Journal: Sendable {
        public let gridPath: String
        public let cellPath: String
        public let pupils: Int
        public let lessons: Int
        public let pupilIDs: [String]
    }

    /// A class journal's first-quarter grid and a fresh lesson of it to save marks into.
    public static func journal(_ app: Application, classTitle: String, subject: String) async throws -> Journal {
        let items = try await CurriculumItem.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).with(\.$classGroup).with(\.$subject).all()
        guard let item = items.first(where: { $0.classGroup.title == classTitle && $0.subject.code == subject }),
              let q1 = try await Period.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).filter(\.$number == 1).first()
        else { throw Abort(.notFound) }
        let lessons = try await Lesson.query(on: app.db).filter(\.$curriculumItem.$id == item.id!).count()
        let lesson = Lesson(id: UUID(), schoolID: DemoSchool.schoolID, journalKind: .classJournal, curriculumItemID: item.id,
                            date: q1.endsOn, topic: "Урок для замера")
        try await lesson.create(on: app.db)
        let pupils = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == item.$classGroup.id).filter(\.$endsOn == nil).all()
        return Journal(gridPath: JournalRef.classSubject(itemID: item.id!).path + "?period=\(q1.id!.uuidString)",
                       cellPath: "/journals/lessons/\(lesson.id!.uuidString)/cells", pupils: pupils.count, lessons: lessons + 1,
                       pupilIDs: pupils.map { $0.$pupil.id.uuidString })
    }
}
