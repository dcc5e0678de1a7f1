import Fluent

struct CreateAcademicDebt: AsyncMigration {
    let name = "CreateAcademicDebt"

    func prepare(on database: any Database) async throws {
        try await database.schema(AcademicDebt.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("curriculum_item_id", .uuid, .required, .references("curriculum_items", "id"))
            .field("academic_year_id", .uuid, .required, .references("academic_years", "id"))
            .field("retake_on", .string)
            .field("second_retake_on", .string)
            .field("cleared_on", .string)
            .field("cleared_value", .string)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .unique(on: "pupil_id", "curriculum_item_id", "academic_year_id")
            .create()
        try await database.createIndex("idx_academic_debts_school_id_cleared_on", on: AcademicDebt.schema, "school_id", "cleared_on")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AcademicDebt.schema).delete()
    }
}
