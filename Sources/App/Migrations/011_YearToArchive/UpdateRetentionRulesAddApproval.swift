import Fluent

/// A retention term counts only once the school has confirmed it (issue 17): who confirmed it and when. A changed term
/// is unconfirmed again.
struct UpdateRetentionRulesAddApproval: AsyncMigration {
    let name = "UpdateRetentionRulesAddApproval"

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema(RetentionRule.schema).field("approved_by", .uuid).update()
        try await database.schema(RetentionRule.schema).field("approved_on", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RetentionRule.schema).deleteField("approved_on").update()
        try await database.schema(RetentionRule.schema).deleteField("approved_by").update()
    }
}
