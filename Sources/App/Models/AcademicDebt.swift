import Domain
import Fluent
import Foundation

/// Академическая задолженность: a failed intermediate attestation, its retake dates and its clearing.
final class AcademicDebt: Model, @unchecked Sendable {
    static let schema = "academic_debts"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Parent(key: "curriculum_item_id") var curriculumItem: CurriculumItem
    @Parent(key: "academic_year_id") var academicYear: AcademicYear
    @OptionalField(key: "retake_on") var retakeOn: LocalDate?
    @OptionalField(key: "second_retake_on") var secondRetakeOn: LocalDate?
    @OptionalField(key: "cleared_on") var clearedOn: LocalDate?
    @OptionalField(key: "cleared_value") var clearedValue: String?
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}
