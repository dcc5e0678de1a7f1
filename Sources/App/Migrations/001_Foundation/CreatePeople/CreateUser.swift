import Fluent

struct CreateUser: AsyncMigration {
    let name = "CreateUser"

    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("login", .string, .required)
            .field("password_hash", .string, .required)
            .field("last_name", .string, .required)
            .field("first_name", .string, .required)
            .field("middle_name", .string, .required)
            .field("email", .string)
            .field("phone", .string)
            .field("active", .bool, .required)
            .field("must_change_password", .bool, .required)
            .field("created_at", .datetime)
            .field("last_sign_in_at", .datetime)
            .unique(on: "login")
            .create()
        try await database.createIndex("idx_users_school_id_last_name", on: User.schema, "school_id", "last_name")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).delete()
    }
}
