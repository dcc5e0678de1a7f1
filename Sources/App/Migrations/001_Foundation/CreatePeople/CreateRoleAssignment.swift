import Fluent

struct CreateRoleAssignment: AsyncMigration {
    let name = "CreateRoleAssignment"

    func prepare(on database: any Database) async throws {
        try await database.schema(RoleAssignment.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("role", .string, .required)
            .field("scope_kind", .string, .required)
            .field("grade_from", .int)
            .field("grade_to", .int)
            .field("class_group_id", .uuid, .references("class_groups", "id"))
            .field("subject_id", .uuid, .references("subjects", "id"))
            .field("program_group_id", .uuid, .references("program_groups", "id"))
            .field("pupil_id", .uuid, .references("pupils", "id"))
            .field("valid_from", .string)
            .field("valid_to", .string)
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("idx_role_assignments_user_id", on: RoleAssignment.schema, "user_id")
        try await database.createIndex("idx_role_assignments_pupil_id", on: RoleAssignment.schema, "pupil_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RoleAssignment.schema).delete()
    }
}
