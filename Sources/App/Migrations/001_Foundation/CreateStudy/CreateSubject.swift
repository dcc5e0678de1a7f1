import Fluent

struct CreateSubject: AsyncMigration {
    let name = "CreateSubject"

    func prepare(on database: any Database) async throws {
        try await database.schema(Subject.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("short_name", .string, .required)
            .field("sort", .int, .required)
            .unique(on: "school_id", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Subject.schema).delete()
    }
}
