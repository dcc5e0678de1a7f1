import Fluent

struct CreatePupilNote: AsyncMigration {
    let name = "CreatePupilNote"

    func prepare(on database: any Database) async throws {
        try await database.schema(PupilNote.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("author_id", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("idx_pupil_notes_pupil_id_created_at", on: PupilNote.schema, "pupil_id", "created_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PupilNote.schema).delete()
    }
}
