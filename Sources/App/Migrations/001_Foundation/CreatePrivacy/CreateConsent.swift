import Fluent

struct CreateConsent: AsyncMigration {
    let name = "CreateConsent"

    func prepare(on database: any Database) async throws {
        try await database.schema(Consent.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("guardian_user_id", .uuid, .required, .references("users", "id"))
            .field("purpose", .string, .required)
            .field("given_on", .string, .required)
            .field("withdrawn_on", .string)
            .field("scan_attachment_id", .uuid, .references("attachments", "id"))
            .field("recorded_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("idx_consents_pupil_id_purpose", on: Consent.schema, "pupil_id", "purpose")
        try await database.createIndex("idx_consents_guardian_user_id", on: Consent.schema, "guardian_user_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Consent.schema).delete()
    }
}
