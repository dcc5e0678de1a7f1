import Domain
import Fluent
import Foundation

/// Attendance: «н» means absence and is never a mark.
final class Attendance: Model, @unchecked Sendable {
    static let schema = "attendance"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "lesson_id") var lesson: Lesson
    @Parent(key: "pupil_id") var pupil: Pupil
    @Field(key: "status") var status: AttendanceStatus
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @Timestamp(key: "recorded_at", on: .create) var recordedAt: Date?
    init() {}
}
