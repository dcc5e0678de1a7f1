import Domain
import Fluent
import Vapor

/// What the benchmark harness needs from the app, without reaching into its internals.
public enum BenchFixtures {
    public static func seedDemo(_ app: Application) async throws {
        let hash = try await app.password.async.hash(DemoSchool.password)
        _ = try await DemoSchool.create(on: app.db, today: LocalDate.today(in: TimeZone(identifier: "Europe/Moscow")!), passwordHash: hash)
    }

    public static func pupilCardPath(_ app: Application, classTitle: String) async throws -> String {
        let classes = try await ClassGroup.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).all()
        guard let c = classes.first(where: { $0.title == classTitle }),
              let e = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == c.id!).first() else {
            throw Abort(.notFound, reason: "bench: no pupil in \(classTitle)")
        }
        return Paths.pupil(e.$pupil.id)
    }
}
