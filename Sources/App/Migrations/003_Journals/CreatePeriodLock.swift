import Fluent

struct CreatePeriodLock: AsyncMigration {
    let name = "CreatePeriodLock"

    func prepare(on database: any Database) async throws {
        try await database.schema(PeriodLock.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("period_id", .uuid, .required, .references("periods", "id"))
            .field("class_group_id", .uuid, .required, .references("class_groups", "id"))
            .field("locked_by", .uuid, .required, .references("users", "id"))
            .field("locked_at", .datetime, .required)
            .unique(on: "period_id", "class_group_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PeriodLock.schema).delete()
    }
}
