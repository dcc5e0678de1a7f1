import Fluent

struct CreateAttachment: AsyncMigration {
    let name = "CreateAttachment"

    func prepare(on database: any Database) async throws {
        try await database.schema(Attachment.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("sha256", .string, .required)
            .field("mime", .string, .required)
            .field("size", .int, .required)
            .field("original_name", .string, .required)
            .field("uploaded_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("idx_attachments_school_id_sha256", on: Attachment.schema, "school_id", "sha256")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Attachment.schema).delete()
    }
}

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

struct CreatePortfolioArtefact: AsyncMigration {
    let name = "CreatePortfolioArtefact"

    func prepare(on database: any Database) async throws {
        try await database.schema(PortfolioArtefact.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("section", .string, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("attachment_id", .uuid, .references("attachments", "id"))
            .field("date", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("idx_portfolio_artefacts_pupil_id_date", on: PortfolioArtefact.schema, "pupil_id", "date")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PortfolioArtefact.schema).delete()
    }
}
