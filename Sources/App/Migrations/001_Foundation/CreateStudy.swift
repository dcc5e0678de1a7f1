import Fluent

struct CreateClassGroup: AsyncMigration {
    let name = "CreateClassGroup"

    func prepare(on database: any Database) async throws {
        try await database.schema(ClassGroup.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("academic_year_id", .uuid, .required, .references("academic_years", "id"))
            .field("grade", .int, .required)
            .field("letter", .string, .required)
            .field("class_teacher_id", .uuid, .references("users", "id"))
            .unique(on: "school_id", "academic_year_id", "grade", "letter")
            .create()
        try await database.createIndex("idx_class_groups_class_teacher_id", on: ClassGroup.schema, "class_teacher_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ClassGroup.schema).delete()
    }
}

struct CreateEnrolment: AsyncMigration {
    let name = "CreateEnrolment"

    func prepare(on database: any Database) async throws {
        try await database.schema(Enrolment.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("class_group_id", .uuid, .required, .references("class_groups", "id"))
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("reason", .string)
            .create()
        try await database.createIndex("idx_enrolments_pupil_id_starts_on", on: Enrolment.schema, "pupil_id", "starts_on")
        try await database.createIndex("idx_enrolments_class_group_id_pupil_id", on: Enrolment.schema, "class_group_id", "pupil_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Enrolment.schema).delete()
    }
}

struct CreateSubject: AsyncMigration {
    let name = "CreateSubject"

    func prepare(on database: any Database) async throws {
        try await database.schema(Subject.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("short_name", .string, .required)
            .field("sort", .int, .required)
            .unique(on: "school_id", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Subject.schema).delete()
    }
}

struct CreateCurriculumItem: AsyncMigration {
    let name = "CreateCurriculumItem"

    func prepare(on database: any Database) async throws {
        try await database.schema(CurriculumItem.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("class_group_id", .uuid, .required, .references("class_groups", "id"))
            .field("subject_id", .uuid, .required, .references("subjects", "id"))
            .field("teacher_id", .uuid, .references("users", "id"))
            .field("mark_scale_id", .uuid, .required, .references("mark_scales", "id"))
            .field("hours_per_week", .double, .required)
            .unique(on: "class_group_id", "subject_id")
            .create()
        try await database.createIndex("idx_curriculum_items_teacher_id", on: CurriculumItem.schema, "teacher_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CurriculumItem.schema).delete()
    }
}

struct CreateProgram: AsyncMigration {
    let name = "CreateProgram"

    func prepare(on database: any Database) async throws {
        try await database.schema(Program.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .create()
        try await database.createIndex("idx_programs_school_id_kind", on: Program.schema, "school_id", "kind")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Program.schema).delete()
    }
}

struct CreateProgramGroup: AsyncMigration {
    let name = "CreateProgramGroup"

    func prepare(on database: any Database) async throws {
        try await database.schema(ProgramGroup.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("program_id", .uuid, .required, .references("programs", "id"))
            .field("academic_year_id", .uuid, .required, .references("academic_years", "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("teacher_id", .uuid, .references("users", "id"))
            .create()
        try await database.createIndex("idx_program_groups_school_id_academic_year_id", on: ProgramGroup.schema, "school_id", "academic_year_id")
        try await database.createIndex("idx_program_groups_teacher_id", on: ProgramGroup.schema, "teacher_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ProgramGroup.schema).delete()
    }
}

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
