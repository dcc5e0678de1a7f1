import Fluent

struct CreateAwardAchievement: AsyncMigration {
    let name = "CreateAwardAchievement"

    func prepare(on database: any Database) async throws {
        try await database.schema(AwardAchievement.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("award_id", .uuid, .required, .references("awards", "id"))
            .field("achievement_id", .uuid, .required, .references("achievements", "id"))
            .unique(on: "award_id", "achievement_id")
            .create()
        try await database.createIndex("idx_award_achievements_achievement_id", on: AwardAchievement.schema, "achievement_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AwardAchievement.schema).delete()
    }
}
