import Fluent

struct CreateAchievementEvidence: AsyncMigration {
    let name = "CreateAchievementEvidence"

    func prepare(on database: any Database) async throws {
        try await database.schema(AchievementEvidence.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("achievement_id", .uuid, .required, .references("achievements", "id"))
            .field("attachment_id", .uuid, .required, .references("attachments", "id"))
            .unique(on: "achievement_id", "attachment_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AchievementEvidence.schema).delete()
    }
}
