import Fluent

struct CreateSignInAttempt: AsyncMigration {
    let name = "CreateSignInAttempt"

    func prepare(on database: any Database) async throws {
        try await database.schema(SignInAttempt.schema)
            .id()
            .field("school_id", .uuid, .references("schools", "id"))
            .field("login", .string, .required)
            .field("address", .string, .required)
            .field("at", .datetime, .required)
            .field("succeeded", .bool, .required)
            .create()
        try await database.createIndex("idx_sign_in_attempts_login_at", on: SignInAttempt.schema, "login", "at")
        try await database.createIndex("idx_sign_in_attempts_address_at", on: SignInAttempt.schema, "address", "at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignInAttempt.schema).delete()
    }
}
