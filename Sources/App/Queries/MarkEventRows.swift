import Domain
import Fluent
import Foundation
import SQLKit

/// Mark events for the pages that read many of them (the journal grid, a pupil's results, charts and portfolio),
/// read with SQLKit and decoded column by column. Fluent's generic row decoding walks each model's properties by
/// reflection on every row; for the grid's thousand events that was about a fifth of the server's CPU per page.
/// The columns and their decoding are the ones Fluent uses for `MarkEvent`, so the models are the same.
enum MarkEventRows {
    static let columns = ["id", "school_id", "lesson_id", "pupil_id", "curriculum_item_id", "date", "action", "value", "verbal",
                          "mark_scale_id", "weight", "work_type_id", "source", "author_id", "recorded_at", "reason"]

    /// The events `filter` selects, oldest record first (the last event of a cell is its current state).
    static func load(on db: any Database, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [MarkEvent] {
        let sql = db as! any SQLDatabase
        let select = sql.select().columns(columns.map { SQLColumn($0) }).from(MarkEvent.schema)
        let rows = try await filter(select).orderBy("recorded_at").all()
        return try rows.map { r in
            let e = MarkEvent(id: try r.decode(column: "id", as: UUID.self), schoolID: try r.decode(column: "school_id", as: UUID.self),
                              lessonID: try r.decode(column: "lesson_id", as: UUID.self), pupilID: try r.decode(column: "pupil_id", as: UUID.self),
                              curriculumItemID: try r.decode(column: "curriculum_item_id", as: UUID?.self),
                              date: try r.decode(column: "date", as: LocalDate.self),
                              action: try r.decode(column: "action", as: MarkEventAction.self),
                              value: try r.decode(column: "value", as: String?.self), verbal: try r.decode(column: "verbal", as: String?.self),
                              markScaleID: try r.decode(column: "mark_scale_id", as: UUID?.self),
                              weight: try r.decode(column: "weight", as: Double.self),
                              workTypeID: try r.decode(column: "work_type_id", as: UUID?.self),
                              source: try r.decode(column: "source", as: AssessmentSource.self),
                              authorID: try r.decode(column: "author_id", as: UUID.self),
                              recordedAt: try r.decode(column: "recorded_at", as: Date.self),
                              reason: try r.decode(column: "reason", as: String?.self))
            e.$id.exists = true
            return e
        }
    }
}
