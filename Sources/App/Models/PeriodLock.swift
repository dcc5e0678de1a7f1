import Fluent
import Foundation

/// A period closed by the deputy head for a class: its marks change only through the deputy head, with a reason.
final class PeriodLock: Model, @unchecked Sendable {
    static let schema = "period_locks"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "period_id") var period: Period
    @Parent(key: "class_group_id") var classGroup: ClassGroup
    @Field(key: "locked_by") var lockedBy: UUID
    @Field(key: "locked_at") var lockedAt: Date
    /// Why it was closed before the period's last day (nil when closed after it).
    @OptionalField(key: "reason") var reason: String?
    init() {}
    init(schoolID: UUID, periodID: UUID, classGroupID: UUID, lockedBy: UUID, lockedAt: Date = Date()) {
        self.schoolID = schoolID; self.$period.id = periodID; self.$classGroup.id = classGroupID
        self.lockedBy = lockedBy; self.lockedAt = lockedAt
    }
}

extension PeriodLock {
    /// Whether `period` is closed for the class, read on `db` (the command's transaction when a write decides on it).
    static func isLocked(on db: any Database, classID: UUID, periodID: UUID) async throws -> Bool {
        try await PeriodLock.query(on: db).filter(\.$classGroup.$id == classID).filter(\.$period.$id == periodID).count() > 0
    }
}
