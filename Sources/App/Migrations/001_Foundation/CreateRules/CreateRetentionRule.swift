import Fluent

struct CreateRetentionRule: AsyncMigration {
    let name = "CreateRetentionRule"

    func prepare(on database: any Database) async throws {
        try await database.schema(RetentionRule.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("record_kind", .string, .required)
            .field("years", .int, .required)
            .field("starts_at", .string, .required)
            .field("action", .string, .required)
            .field("basis", .string, .required)
            .unique(on: "school_id", "record_kind")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RetentionRule.schema).delete()
    }
}
