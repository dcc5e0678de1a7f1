import Fluent

struct CreateParticipation: AsyncMigration {
    let name = "CreateParticipation"

    func prepare(on database: any Database) async throws {
        try await database.schema(Participation.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("note", .string)
            .field("recorded_by", .uuid, .required, .references("users", "id"))
            .create()
        try await database.createIndex("idx_participations_pupil_id_starts_on", on: Participation.schema, "pupil_id", "starts_on")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Participation.schema).delete()
    }
}
