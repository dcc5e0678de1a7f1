import Fluent

struct CreateProgram: AsyncMigration {
    let name = "CreateProgram"

    func prepare(on database: any Database) async throws {
        try await database.schema(Program.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .create()
        try await database.createIndex("idx_programs_school_id_kind", on: Program.schema, "school_id", "kind")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Program.schema).delete()
    }
}
