import Fluent

struct CreateWorkType: AsyncMigration {
    let name = "CreateWorkType"

    func prepare(on database: any Database) async throws {
        try await database.schema(WorkType.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("weight", .double, .required)
            .field("sort", .int, .required)
            .unique(on: "school_id", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WorkType.schema).delete()
    }
}
