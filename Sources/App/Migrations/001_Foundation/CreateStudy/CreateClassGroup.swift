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
