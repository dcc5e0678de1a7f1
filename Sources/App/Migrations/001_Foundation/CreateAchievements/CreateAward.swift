import Fluent

struct CreateAward: AsyncMigration {
    let name = "CreateAward"

    func prepare(on database: any Database) async throws {
        try await database.schema(Award.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("kind", .string, .required)
            .field("ground", .string, .required)
            .field("title", .string, .required)
            .field("date", .string, .required)
            .field("basis_document", .string, .required)
            .field("awarded_by", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("idx_awards_pupil_id_date", on: Award.schema, "pupil_id", "date")
        try await database.createIndex("idx_awards_school_id_date", on: Award.schema, "school_id", "date")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Award.schema).delete()
    }
}
