import Fluent

struct CreateAuditEvent: AsyncMigration {
    let name = "CreateAuditEvent"

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("seq", .int, .required)
            .field("actor_user_id", .uuid)
            .field("actor_role", .string, .required)
            .field("action", .string, .required)
            .field("object_kind", .string, .required)
            .field("object_id", .uuid)
            .field("pupil_id", .uuid)
            .field("address", .string, .required)
            .field("at", .datetime, .required)
            .field("details", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "school_id", "seq")
            .create()
        try await database.createIndex("idx_audit_events_pupil_id_at", on: AuditEvent.schema, "pupil_id", "at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema).delete()
    }
}
