import Fluent

struct CreateIssuedDocument: AsyncMigration {
    let name = "CreateIssuedDocument"

    func prepare(on database: any Database) async throws {
        try await database.schema(IssuedDocument.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .references("pupils", "id"))
            .field("kind", .string, .required)
            .field("year", .int, .required)
            .field("register_number", .int, .required)
            .field("issued_on", .string, .required)
            .field("sha256", .string, .required)
            .field("signer_name", .string, .required)
            .field("signer_user_id", .uuid, .references("users", "id"))
            .field("request_id", .uuid, .references("information_requests", "id"))
            .field("verification_token", .string, .required)
            .field("revoked_at", .datetime)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .unique(on: "school_id", "year", "register_number")
            .unique(on: "verification_token")
            .create()
        try await database.createIndex("idx_issued_documents_pupil_id", on: IssuedDocument.schema, "pupil_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IssuedDocument.schema).delete()
    }
}
