import Fluent

struct CreateSigningKey: AsyncMigration {
    let name = "CreateSigningKey"

    func prepare(on database: any Database) async throws {
        try await database.schema(SigningKey.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("algorithm", .string, .required)
            .field("private_pem", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "school_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SigningKey.schema).delete()
    }
}
