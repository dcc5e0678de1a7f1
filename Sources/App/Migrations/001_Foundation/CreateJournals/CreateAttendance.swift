import Fluent

struct CreateAttendance: AsyncMigration {
    let name = "CreateAttendance"

    func prepare(on database: any Database) async throws {
        try await database.schema(Attendance.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("lesson_id", .uuid, .required, .references("lessons", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("status", .string, .required)
            .field("recorded_by", .uuid)
            .field("recorded_at", .datetime)
            .unique(on: "lesson_id", "pupil_id")
            .create()
        try await database.createIndex("idx_attendance_pupil_id", on: Attendance.schema, "pupil_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Attendance.schema).delete()
    }
}
