import Fluent

/// Every API token expires (issue 16); a token issued before this has none stored and lasts a year from its creation.
struct UpdateAPITokensAddExpiresAt: AsyncMigration {
    let name = "UpdateAPITokensAddExpiresAt"

    func prepare(on database: any Database) async throws {
        try await database.schema(APIToken.schema).field("expires_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(APIToken.schema).deleteField("expires_at").update()
    }
}
