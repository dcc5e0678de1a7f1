import Domain
import Fluent
import Foundation

/// A period mark: the rule's proposal and the teacher's decision kept apart.
final class PeriodMark: Model, @unchecked Sendable {
    static let schema = "period_marks"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Parent(key: "curriculum_item_id") var curriculumItem: CurriculumItem
    @Parent(key: "period_id") var period: Period
    @OptionalField(key: "proposed_value") var proposedValue: String?
    @OptionalField(key: "proposed_mean") var proposedMean: Double?
    @OptionalField(key: "final_value") var finalValue: String?
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "status") var status: PeriodMarkStatus
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    init() {}
}
