import Domain
import Fluent
import SQLKit
import Vapor

enum SchoolQueries {
    /// A fresh installation: no school yet (the setup page is open).
    static func noSchool(_ db: any Database) async throws -> Bool {
        try await School.query(on: db).count() == 0
    }

    /// Whether a school other than the demo is in the database (false when the database is not migrated yet).
    static func hasRealSchool(_ db: any Database) async throws -> Bool {
        ((try? await School.query(on: db).filter(\.$id != DemoSchool.schoolID).count()) ?? 0) > 0
    }

    /// The school year in progress: the open year that contains `today`, else the latest open one.
    /// The pupils enrolled at any time in a class of `yearID` (whom a year's export names), each once.
    static func pupilsOfYear(on db: any Database, schoolID: UUID, yearID: UUID) async throws -> [UUID] {
        let classes = try await ClassGroup.query(on: db).filter(\.$schoolID == schoolID).filter(\.$academicYear.$id == yearID).all(\.$id)
        return try await pupilsOfClasses(on: db, schoolID: schoolID, classIDs: classes)
    }

    /// The pupils ever enrolled in these classes (whom a class's sheet may name), each once.
    static func pupilsOfClasses(on db: any Database, schoolID: UUID, classIDs: [UUID]) async throws -> [UUID] {
        guard !classIDs.isEmpty else { return [] }
        let pupils = try await Enrolment.query(on: db).filter(\.$schoolID == schoolID).filter(\.$classGroup.$id ~~ classIDs).all(\.$pupil.$id)
        return Array(Set(pupils)).sorted { $0.uuidString < $1.uuidString }
    }

    static func currentYear(on db: any Database, schoolID: UUID, today: LocalDate) async throws -> AcademicYear? {
        let open = try await AcademicYear.query(on: db)
            .filter(\.$schoolID == schoolID)
            .filter(\.$status == .open)
            .sort(\.$startsOn, .descending)
            .all()
        return open.first { $0.startsOn <= today && today <= $0.endsOn } ?? open.first
    }

    /// Pupils enrolled on `today` per class, in one grouped query.
    static func pupilCounts(on db: any Database, schoolID: UUID, classIDs: [UUID], today: LocalDate) async throws -> [UUID: Int] {
        guard !classIDs.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        struct Row: Decodable { let class_group_id: UUID; let n: Int }
        let rows = try await sql.select()
            .column("class_group_id")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(Enrolment.schema)
            .where("school_id", .equal, SQLBind(schoolID))
            .where("class_group_id", .in, SQLBind.group(classIDs))
            .where("starts_on", .lessThanOrEqual, SQLBind(today.iso))
            // Enrolled on `today`: not yet ended, or ended on or after it (a closed year's classes, counted at its end).
            .where(SQLGroupExpression(SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("ends_on"), .is, SQLLiteral.null), .or,
                SQLBinaryExpression(SQLColumn("ends_on"), .greaterThanOrEqual, SQLBind(today.iso)))))
            .groupBy("class_group_id")
            .all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.class_group_id, $0.n) })
    }
}
