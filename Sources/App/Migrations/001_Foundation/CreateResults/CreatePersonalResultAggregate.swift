import Fluent

struct CreatePersonalResultAggregate: AsyncMigration {
    let name = "CreatePersonalResultAggregate"

    func prepare(on database: any Database) async throws {
        try await database.schema(PersonalResultAggregate.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("class_group_id", .uuid, .required, .references("class_groups", "id"))
            .field("period_id", .uuid, .required, .references("periods", "id"))
            .field("indicator_id", .uuid, .required, .references("indicators", "id"))
            .field("level", .string, .required)
            .field("pupil_count", .int, .required)
            .unique(on: "class_group_id", "period_id", "indicator_id", "level")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PersonalResultAggregate.schema).delete()
    }
}
