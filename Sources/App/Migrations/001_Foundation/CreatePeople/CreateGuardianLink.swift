import Fluent

struct CreateGuardianLink: AsyncMigration {
    let name = "CreateGuardianLink"

    func prepare(on database: any Database) async throws {
        try await database.schema(GuardianLink.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("relation", .string, .required)
            .field("legal_representative", .bool, .required)
            .field("valid_from", .string)
            .field("valid_to", .string)
            .unique(on: "pupil_id", "user_id")
            .create()
        try await database.createIndex("idx_guardian_links_user_id", on: GuardianLink.schema, "user_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(GuardianLink.schema).delete()
    }
}
