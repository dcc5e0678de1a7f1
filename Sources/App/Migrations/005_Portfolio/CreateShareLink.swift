import Fluent
import SQLKit

struct CreateShareLink: AsyncMigration {
    let name = "CreateShareLink"

    func prepare(on database: any Database) async throws {
        try await database.schema(ShareLink.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("token_hash", .string, .required)
            .field("expires_on", .string, .required)
            .field("include_results", .bool, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.createIndex("idx_share_links_pupil_id", on: ShareLink.schema, "pupil_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ShareLink.schema).delete()
    }
}
