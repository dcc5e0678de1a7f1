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

struct CreatePupil: AsyncMigration {
    let name = "CreatePupil"

    func prepare(on database: any Database) async throws {
        try await database.schema(Pupil.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("last_name", .string, .required)
            .field("first_name", .string, .required)
            .field("middle_name", .string, .required)
            .field("sex", .string, .required)
            .field("birth_date", .string, .required)
            .field("home_schooled", .bool, .required)
            .field("special_conditions", .bool, .required)
            .field("external_id", .string)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("idx_pupils_school_id_last_name_first_name", on: Pupil.schema, "school_id", "last_name", "first_name")
        try await database.createIndex("idx_pupils_school_id_external_id", on: Pupil.schema, "school_id", "external_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Pupil.schema).delete()
    }
}

struct CreateGuardianLink: AsyncMigration {
    let name = "CreateGuardianLink"

    func prepare(on database: any Database) async throws {
        try await database.schema(GuardianLink.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("relation", .string, .required)
            .field("legal_representative", .bool, .required)
            .field("valid_from", .string)
            .field("valid_to", .string)
            .unique(on: "pupil_id", "user_id")
            .create()
        try await database.createIndex("idx_guardian_links_user_id", on: GuardianLink.schema, "user_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(GuardianLink.schema).delete()
    }
}

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
