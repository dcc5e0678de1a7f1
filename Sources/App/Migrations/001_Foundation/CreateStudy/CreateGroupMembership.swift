import Fluent

struct CreateGroupMembership: AsyncMigration {
    let name = "CreateGroupMembership"

    func prepare(on database: any Database) async throws {
        try await database.schema(GroupMembership.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("program_group_id", .uuid, .required, .references("program_groups", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .create()
        try await database.createIndex("idx_group_memberships_program_group_id_pupil_id", on: GroupMembership.schema, "program_group_id", "pupil_id")
        try await database.createIndex("idx_group_memberships_pupil_id", on: GroupMembership.schema, "pupil_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(GroupMembership.schema).delete()
    }
}
