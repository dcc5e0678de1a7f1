import Fluent

struct CreateMarkScale: AsyncMigration {
    let name = "CreateMarkScale"

    func prepare(on database: any Database) async throws {
        try await database.schema(MarkScale.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("allowed_values", .array(of: .string), .required)
            .field("in_average", .bool, .required)
            .unique(on: "school_id", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MarkScale.schema).delete()
    }
}

struct CreateWorkType: AsyncMigration {
    let name = "CreateWorkType"

    func prepare(on database: any Database) async throws {
        try await database.schema(WorkType.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("weight", .double, .required)
            .field("sort", .int, .required)
            .unique(on: "school_id", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WorkType.schema).delete()
    }
}

struct CreateAssessmentPolicy: AsyncMigration {
    let name = "CreateAssessmentPolicy"

    func prepare(on database: any Database) async throws {
        try await database.schema(AssessmentPolicy.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("academic_year_id", .uuid, .required, .references("academic_years", "id"))
            .field("grade_from", .int, .required)
            .field("grade_to", .int, .required)
            .field("marks_allowed", .bool, .required)
            .field("period_kind", .string, .required)
            .field("rule", .string, .required)
            .field("threshold_5", .double, .required)
            .field("threshold_4", .double, .required)
            .field("threshold_3", .double, .required)
            .field("min_marks", .int, .required)
            .field("default_scale_id", .uuid, .references("mark_scales", "id"))
            .create()
        try await database.createIndex("idx_assessment_policies_academic_year_id_grade_from", on: AssessmentPolicy.schema, "academic_year_id", "grade_from")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AssessmentPolicy.schema).delete()
    }
}

struct CreateVocabularyEntry: AsyncMigration {
    let name = "CreateVocabularyEntry"

    func prepare(on database: any Database) async throws {
        try await database.schema(VocabularyEntry.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("vocabulary", .string, .required)
            .field("code", .string, .required)
            .field("title_ru", .string, .required)
            .field("title_en", .string, .required)
            .field("sort", .int, .required)
            .field("active", .bool, .required)
            .unique(on: "school_id", "vocabulary", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(VocabularyEntry.schema).delete()
    }
}

struct CreateOlympiadListEntry: AsyncMigration {
    let name = "CreateOlympiadListEntry"

    func prepare(on database: any Database) async throws {
        try await database.schema(OlympiadListEntry.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("academic_year_id", .uuid, .required, .references("academic_years", "id"))
            .field("number", .string, .required)
            .field("title", .string, .required)
            .field("profile", .string)
            .field("level", .string)
            .create()
        try await database.createIndex("idx_olympiad_list_entries_academic_year_id_title", on: OlympiadListEntry.schema, "academic_year_id", "title")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OlympiadListEntry.schema).delete()
    }
}

struct CreateRetentionRule: AsyncMigration {
    let name = "CreateRetentionRule"

    func prepare(on database: any Database) async throws {
        try await database.schema(RetentionRule.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("record_kind", .string, .required)
            .field("years", .int, .required)
            .field("starts_at", .string, .required)
            .field("action", .string, .required)
            .field("basis", .string, .required)
            .unique(on: "school_id", "record_kind")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RetentionRule.schema).delete()
    }
}
