import Fluent

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
