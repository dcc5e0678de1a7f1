import Fluent

struct CreateLesson: AsyncMigration {
    let name = "CreateLesson"

    func prepare(on database: any Database) async throws {
        try await database.schema(Lesson.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("journal_kind", .string, .required)
            .field("curriculum_item_id", .uuid, .references("curriculum_items", "id"))
            .field("program_group_id", .uuid, .references("program_groups", "id"))
            .field("pupil_id", .uuid, .references("pupils", "id"))
            .field("date", .string, .required)
            .field("topic", .string, .required)
            .field("work_type_id", .uuid, .references("work_types", "id"))
            .field("hours", .double, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("idx_lessons_curriculum_item_id_date", on: Lesson.schema, "curriculum_item_id", "date")
        try await database.createIndex("idx_lessons_program_group_id_date", on: Lesson.schema, "program_group_id", "date")
        try await database.createIndex("idx_lessons_pupil_id_date", on: Lesson.schema, "pupil_id", "date")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Lesson.schema).delete()
    }
}

struct CreateAttendance: AsyncMigration {
    let name = "CreateAttendance"

    func prepare(on database: any Database) async throws {
        try await database.schema(Attendance.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("lesson_id", .uuid, .required, .references("lessons", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("status", .string, .required)
            .field("recorded_by", .uuid)
            .field("recorded_at", .datetime)
            .unique(on: "lesson_id", "pupil_id")
            .create()
        try await database.createIndex("idx_attendance_pupil_id", on: Attendance.schema, "pupil_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Attendance.schema).delete()
    }
}

struct CreateMarkEvent: AsyncMigration {
    let name = "CreateMarkEvent"

    func prepare(on database: any Database) async throws {
        try await database.schema(MarkEvent.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("lesson_id", .uuid, .required, .references("lessons", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("curriculum_item_id", .uuid, .references("curriculum_items", "id"))
            .field("date", .string, .required)
            .field("action", .string, .required)
            .field("value", .string)
            .field("verbal", .string)
            .field("mark_scale_id", .uuid, .references("mark_scales", "id"))
            .field("weight", .double, .required)
            .field("work_type_id", .uuid, .references("work_types", "id"))
            .field("source", .string, .required)
            .field("author_id", .uuid, .required, .references("users", "id"))
            .field("recorded_at", .datetime, .required)
            .field("reason", .string)
            .create()
        try await database.createIndex("idx_mark_events_pupil_id_curriculum_item_id_date", on: MarkEvent.schema, "pupil_id", "curriculum_item_id", "date")
        try await database.createIndex("idx_mark_events_lesson_id_pupil_id", on: MarkEvent.schema, "lesson_id", "pupil_id")
        try await database.createIndex("idx_mark_events_curriculum_item_id_date", on: MarkEvent.schema, "curriculum_item_id", "date")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MarkEvent.schema).delete()
    }
}

struct CreatePeriodMark: AsyncMigration {
    let name = "CreatePeriodMark"

    func prepare(on database: any Database) async throws {
        try await database.schema(PeriodMark.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("curriculum_item_id", .uuid, .required, .references("curriculum_items", "id"))
            .field("period_id", .uuid, .required, .references("periods", "id"))
            .field("proposed_value", .string)
            .field("proposed_mean", .double)
            .field("final_value", .string)
            .field("reason", .string)
            .field("status", .string, .required)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime)
            .unique(on: "pupil_id", "curriculum_item_id", "period_id")
            .create()
        try await database.createIndex("idx_period_marks_curriculum_item_id_period_id", on: PeriodMark.schema, "curriculum_item_id", "period_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PeriodMark.schema).delete()
    }
}

struct CreateAttestationResult: AsyncMigration {
    let name = "CreateAttestationResult"

    func prepare(on database: any Database) async throws {
        try await database.schema(AttestationResult.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("curriculum_item_id", .uuid, .required, .references("curriculum_items", "id"))
            .field("academic_year_id", .uuid, .required, .references("academic_years", "id"))
            .field("form", .string, .required)
            .field("value", .string, .required)
            .field("date", .string, .required)
            .field("recorded_by", .uuid)
            .unique(on: "pupil_id", "curriculum_item_id", "academic_year_id")
            .create()
        try await database.createIndex("idx_attestation_results_curriculum_item_id", on: AttestationResult.schema, "curriculum_item_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AttestationResult.schema).delete()
    }
}

struct CreateAssessmentEvent: AsyncMigration {
    let name = "CreateAssessmentEvent"

    func prepare(on database: any Database) async throws {
        try await database.schema(AssessmentEvent.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("academic_year_id", .uuid, .required, .references("academic_years", "id"))
            .field("class_group_id", .uuid, .references("class_groups", "id"))
            .field("subject_id", .uuid, .references("subjects", "id"))
            .field("source", .string, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("form", .string, .required)
            .field("date", .string, .required)
            .field("organiser", .string)
            .create()
        try await database.createIndex("idx_assessment_events_school_id_academic_year_id_date", on: AssessmentEvent.schema, "school_id", "academic_year_id", "date")
        try await database.createIndex("idx_assessment_events_class_group_id", on: AssessmentEvent.schema, "class_group_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AssessmentEvent.schema).delete()
    }
}

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
