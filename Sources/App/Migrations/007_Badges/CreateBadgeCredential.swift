import Fluent

struct CreateBadgeCredential: AsyncMigration {
    let name = "CreateBadgeCredential"

    func prepare(on database: any Database) async throws {
        try await database.schema(BadgeCredential.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .references("pupils", "id"))
            .field("kind", .string, .required)
            .field("award_id", .uuid)
            .field("achievement_id", .uuid)
            .field("academic_year_id", .uuid)
            .field("key_id", .uuid, .required, .references("signing_keys", "id"))
            .field("title", .string, .required)
            .field("jws", .string, .required)
            .field("issued_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("revocation_reason", .string)
            .create()
        try await database.createIndex("idx_badge_credentials_pupil_id", on: BadgeCredential.schema, "pupil_id")
        try await database.createIndex("idx_badge_credentials_school_id_revoked_at", on: BadgeCredential.schema, "school_id", "revoked_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(BadgeCredential.schema).delete()
    }
}
