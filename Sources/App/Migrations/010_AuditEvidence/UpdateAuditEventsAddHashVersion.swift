import Fluent

/// The audit chain's hash over a canonical, length-prefixed encoding (issue 16); earlier events keep their hash and
/// are verified the way they were written.
struct UpdateAuditEventsAddHashVersion: AsyncMigration {
    let name = "UpdateAuditEventsAddHashVersion"

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema).field("hash_version", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema).deleteField("hash_version").update()
    }
}
