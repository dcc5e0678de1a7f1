import Fluent

struct CreateIndicatorLevel: AsyncMigration {
    let name = "CreateIndicatorLevel"

    func prepare(on database: any Database) async throws {
        try await database.schema(IndicatorLevel.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("indicator_id", .uuid, .required, .references("indicators", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("period_id", .uuid, .required, .references("periods", "id"))
            .field("level", .string, .required)
            .field("comment", .string)
            .field("assessed_by", .uuid, .required, .references("users", "id"))
            .field("assessed_at", .datetime)
            .unique(on: "pupil_id", "indicator_id", "period_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IndicatorLevel.schema).delete()
    }
}
