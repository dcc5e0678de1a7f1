import Fluent

struct CreateEnrolment: AsyncMigration {
    let name = "CreateEnrolment"

    func prepare(on database: any Database) async throws {
        try await database.schema(Enrolment.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("class_group_id", .uuid, .required, .references("class_groups", "id"))
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("reason", .string)
            .create()
        try await database.createIndex("idx_enrolments_pupil_id_starts_on", on: Enrolment.schema, "pupil_id", "starts_on")
        try await database.createIndex("idx_enrolments_class_group_id_pupil_id", on: Enrolment.schema, "class_group_id", "pupil_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Enrolment.schema).delete()
    }
}
