import Fluent

struct CreateCommandReceipt: AsyncMigration {
    let name = "CreateCommandReceipt"

    func prepare(on database: any Database) async throws {
        try await database.schema(CommandReceipt.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("key_hash", .string, .required)
            .field("result", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "key_hash")
            .create()
        try await database.createIndex("idx_command_receipts_created_at", on: CommandReceipt.schema, "created_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CommandReceipt.schema).delete()
    }
}
