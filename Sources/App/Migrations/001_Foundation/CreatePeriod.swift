import Fluent

struct CreatePeriod: AsyncMigration {
    let name = "CreatePeriod"

    func prepare(on database: any Database) async throws {
        try await database.schema(Period.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("academic_year_id", .uuid, .required, .references("academic_years", "id"))
            .field("kind", .string, .required)
            .field("number", .int, .required)
            .field("title", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("grade_from", .int, .required)
            .field("grade_to", .int, .required)
            .create()
        try await database.createIndex("idx_periods_academic_year_id_starts_on", on: Period.schema, "academic_year_id", "starts_on")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Period.schema).delete()
    }
}
