import Fluent

/// When a user's password last changed or the account was switched off: sessions that began before it and API tokens
/// issued before it no longer act for the user (issue 16).
struct UpdateUsersAddCredentialsChangedAt: AsyncMigration {
    let name = "UpdateUsersAddCredentialsChangedAt"

    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("credentials_changed_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("credentials_changed_at").update()
    }
}
