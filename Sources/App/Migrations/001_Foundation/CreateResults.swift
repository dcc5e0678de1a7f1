import Fluent

struct CreateIndicator: AsyncMigration {
    let name = "CreateIndicator"

    func prepare(on database: any Database) async throws {
        try await database.schema(Indicator.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("group", .string, .required)
            .field("title", .string, .required)
            .field("sort", .int, .required)
            .field("active", .bool, .required)
            .create()
        try await database.createIndex("idx_indicators_school_id_group", on: Indicator.schema, "school_id", "group")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Indicator.schema).delete()
    }
}

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

struct CreateParticipation: AsyncMigration {
    let name = "CreateParticipation"

    func prepare(on database: any Database) async throws {
        try await database.schema(Participation.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("note", .string)
            .field("recorded_by", .uuid, .required, .references("users", "id"))
            .create()
        try await database.createIndex("idx_participations_pupil_id_starts_on", on: Participation.schema, "pupil_id", "starts_on")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Participation.schema).delete()
    }
}
