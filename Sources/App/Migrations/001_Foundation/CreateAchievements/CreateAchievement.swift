import Fluent

struct CreateAchievement: AsyncMigration {
    let name = "CreateAchievement"

    func prepare(on database: any Database) async throws {
        try await database.schema(Achievement.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("section", .string, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("organiser", .string)
            .field("level", .string, .required)
            .field("result", .string, .required)
            .field("place", .string)
            .field("subject_id", .uuid, .references("subjects", "id"))
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("in_decree_1239_list", .bool, .required)
            .field("origin", .string, .required)
            .field("status", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .field("verified_by", .uuid, .references("users", "id"))
            .field("verified_at", .datetime)
            .field("rejection_reason", .string)
            .field("consent_id", .uuid, .references("consents", "id"))
            .create()
        try await database.createIndex("idx_achievements_pupil_id_starts_on", on: Achievement.schema, "pupil_id", "starts_on")
        try await database.createIndex("idx_achievements_school_id_status", on: Achievement.schema, "school_id", "status")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Achievement.schema).delete()
    }
}
