import Domain
import Fluent
import Foundation

/// Intermediate attestation (промежуточная аттестация), grades 2–4.
final class AttestationResult: Model, @unchecked Sendable {
    static let schema = "attestation_results"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Parent(key: "curriculum_item_id") var curriculumItem: CurriculumItem
    @Parent(key: "academic_year_id") var academicYear: AcademicYear
    @Field(key: "form") var form: String
    @Field(key: "value") var value: String
    @Field(key: "date") var date: LocalDate
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    init() {}
}
