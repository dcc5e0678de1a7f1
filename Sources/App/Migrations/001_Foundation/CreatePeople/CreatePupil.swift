import Fluent

struct CreatePupil: AsyncMigration {
    let name = "CreatePupil"

    func prepare(on database: any Database) async throws {
        try await database.schema(Pupil.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("last_name", .string, .required)
            .field("first_name", .string, .required)
            .field("middle_name", .string, .required)
            .field("sex", .string, .required)
            .field("birth_date", .string, .required)
            .field("home_schooled", .bool, .required)
            .field("special_conditions", .bool, .required)
            .field("external_id", .string)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("idx_pupils_school_id_last_name_first_name", on: Pupil.schema, "school_id", "last_name", "first_name")
        try await database.createIndex("idx_pupils_school_id_external_id", on: Pupil.schema, "school_id", "external_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Pupil.schema).delete()
    }
}
