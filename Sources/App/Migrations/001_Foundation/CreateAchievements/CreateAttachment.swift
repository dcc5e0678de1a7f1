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
