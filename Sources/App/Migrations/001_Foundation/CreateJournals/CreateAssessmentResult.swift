import Fluent

struct CreateAssessmentResult: AsyncMigration {
    let name = "CreateAssessmentResult"

    func prepare(on database: any Database) async throws {
        try await database.schema(AssessmentResult.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("assessment_event_id", .uuid, .required, .references("assessment_events", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("value", .string)
            .field("score", .double)
            .field("max_score", .double)
            .field("level", .string)
            .field("comment", .string)
            .unique(on: "assessment_event_id", "pupil_id")
            .create()
        try await database.createIndex("idx_assessment_results_pupil_id", on: AssessmentResult.schema, "pupil_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AssessmentResult.schema).delete()
    }
}
