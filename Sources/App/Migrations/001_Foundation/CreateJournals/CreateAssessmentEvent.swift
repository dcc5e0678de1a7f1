import Fluent

struct CreateAssessmentEvent: AsyncMigration {
    let name = "CreateAssessmentEvent"

    func prepare(on database: any Database) async throws {
        try await database.schema(AssessmentEvent.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("academic_year_id", .uuid, .required, .references("academic_years", "id"))
            .field("class_group_id", .uuid, .references("class_groups", "id"))
            .field("subject_id", .uuid, .references("subjects", "id"))
            .field("source", .string, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("form", .string, .required)
            .field("date", .string, .required)
            .field("organiser", .string)
            .create()
        try await database.createIndex("idx_assessment_events_school_id_academic_year_id_date", on: AssessmentEvent.schema, "school_id", "academic_year_id", "date")
        try await database.createIndex("idx_assessment_events_class_group_id", on: AssessmentEvent.schema, "class_group_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AssessmentEvent.schema).delete()
    }
}
