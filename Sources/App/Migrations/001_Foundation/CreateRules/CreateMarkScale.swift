import Fluent

struct CreateMarkScale: AsyncMigration {
    let name = "CreateMarkScale"

    func prepare(on database: any Database) async throws {
        try await database.schema(MarkScale.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("allowed_values", .array(of: .string), .required)
            .field("in_average", .bool, .required)
            .unique(on: "school_id", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MarkScale.schema).delete()
    }
}
