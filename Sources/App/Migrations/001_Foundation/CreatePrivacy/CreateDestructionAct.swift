import Fluent

struct CreateDestructionAct: AsyncMigration {
    let name = "CreateDestructionAct"

    func prepare(on database: any Database) async throws {
        try await database.schema(DestructionAct.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("number", .string, .required)
            .field("date", .string, .required)
            .field("reason", .string, .required)
            .field("subjects", .string, .required)
            .field("data_categories", .string, .required)
            .field("log_extract", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("idx_destruction_acts_school_id_date", on: DestructionAct.schema, "school_id", "date")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DestructionAct.schema).delete()
    }
}
