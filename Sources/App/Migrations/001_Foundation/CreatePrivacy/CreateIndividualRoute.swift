import Fluent

struct CreateIndividualRoute: AsyncMigration {
    let name = "CreateIndividualRoute"

    func prepare(on database: any Database) async throws {
        try await database.schema(IndividualRoute.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("academic_year_id", .uuid, .required, .references("academic_years", "id"))
            .field("goals", .string, .required)
            .field("notes", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("updated_at", .datetime)
            .unique(on: "pupil_id", "academic_year_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IndividualRoute.schema).delete()
    }
}
