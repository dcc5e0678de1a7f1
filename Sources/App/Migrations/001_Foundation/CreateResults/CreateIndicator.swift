import Fluent

struct CreateIndicator: AsyncMigration {
    let name = "CreateIndicator"

    func prepare(on database: any Database) async throws {
        try await database.schema(Indicator.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("group", .string, .required)
            .field("title", .string, .required)
            .field("sort", .int, .required)
            .field("active", .bool, .required)
            .create()
        try await database.createIndex("idx_indicators_school_id_group", on: Indicator.schema, "school_id", "group")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Indicator.schema).delete()
    }
}
