import Fluent

struct CreateLesson: AsyncMigration {
    let name = "CreateLesson"

    func prepare(on database: any Database) async throws {
        try await database.schema(Lesson.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("journal_kind", .string, .required)
            .field("curriculum_item_id", .uuid, .references("curriculum_items", "id"))
            .field("program_group_id", .uuid, .references("program_groups", "id"))
            .field("pupil_id", .uuid, .references("pupils", "id"))
            .field("date", .string, .required)
            .field("topic", .string, .required)
            .field("work_type_id", .uuid, .references("work_types", "id"))
            .field("hours", .double, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("idx_lessons_curriculum_item_id_date", on: Lesson.schema, "curriculum_item_id", "date")
        try await database.createIndex("idx_lessons_program_group_id_date", on: Lesson.schema, "program_group_id", "date")
        try await database.createIndex("idx_lessons_pupil_id_date", on: Lesson.schema, "pupil_id", "date")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Lesson.schema).delete()
    }
}
