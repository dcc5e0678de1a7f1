import Fluent

/// An assessment's maximum score belongs to the event (one alteration).
struct UpdateAssessmentEventAddMaxScore: AsyncMigration {
    let name = "UpdateAssessmentEventAddMaxScore"

    func prepare(on database: any Database) async throws {
        try await database.schema(AssessmentEvent.schema).field("max_score", .double).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AssessmentEvent.schema).deleteField("max_score").update()
    }
}
