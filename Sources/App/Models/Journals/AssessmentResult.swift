import Domain
import Fluent
import Foundation

final class AssessmentResult: Model, @unchecked Sendable {
    static let schema = "assessment_results"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "assessment_event_id") var event: AssessmentEvent
    @Parent(key: "pupil_id") var pupil: Pupil
    @OptionalField(key: "value") var value: String?
    @OptionalField(key: "score") var score: Double?
    @OptionalField(key: "max_score") var maxScore: Double?
    @OptionalField(key: "level") var level: IndicatorLevelValue?
    @OptionalField(key: "comment") var comment: String?
    init() {}
}
