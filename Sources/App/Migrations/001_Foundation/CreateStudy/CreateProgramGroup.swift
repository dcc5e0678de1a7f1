import Fluent

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
