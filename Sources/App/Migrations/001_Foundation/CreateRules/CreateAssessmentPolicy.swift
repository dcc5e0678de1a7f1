import Fluent

struct CreateAssessmentPolicy: AsyncMigration {
    let name = "CreateAssessmentPolicy"

    func prepare(on database: any Database) async throws {
        try await database.schema(AssessmentPolicy.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("academic_year_id", .uuid, .required, .references("academic_years", "id"))
            .field("grade_from", .int, .required)
            .field("grade_to", .int, .required)
            .field("marks_allowed", .bool, .required)
            .field("period_kind", .string, .required)
            .field("rule", .string, .required)
            .field("threshold_5", .double, .required)
            .field("threshold_4", .double, .required)
            .field("threshold_3", .double, .required)
            .field("min_marks", .int, .required)
            .field("default_scale_id", .uuid, .references("mark_scales", "id"))
            .create()
        try await database.createIndex("idx_assessment_policies_academic_year_id_grade_from", on: AssessmentPolicy.schema, "academic_year_id", "grade_from")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AssessmentPolicy.schema).delete()
    }
}
