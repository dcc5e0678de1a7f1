import Domain
import Fluent
import Foundation

/// A ВСОКО diagnostic or external monitoring (ВПР) event (4.1, 4.2).
final class AssessmentEvent: Model, @unchecked Sendable {
    static let schema = "assessment_events"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "academic_year_id") var academicYear: AcademicYear
    @OptionalParent(key: "class_group_id") var classGroup: ClassGroup?
    @OptionalParent(key: "subject_id") var subject: Subject?
    @Field(key: "source") var source: AssessmentSource
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "form") var form: String
    @Field(key: "date") var date: LocalDate
    @OptionalField(key: "organiser") var organiser: String?
    /// school | municipal | regional | federal
    @OptionalField(key: "level") var level: String?
    @OptionalField(key: "max_score") var maxScore: Double?
    init() {}
}
