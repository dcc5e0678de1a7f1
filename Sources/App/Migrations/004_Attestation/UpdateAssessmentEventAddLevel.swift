import Fluent

/// ВПР and monitoring have a level (school … federal): one new column.
struct UpdateAssessmentEventAddLevel: AsyncMigration {
    let name = "UpdateAssessmentEventAddLevel"

    func prepare(on database: any Database) async throws {
        try await database.schema(AssessmentEvent.schema).field("level", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AssessmentEvent.schema).deleteField("level").update()
    }
}
