import Domain
import Fluent
import Foundation

/// The assessment policy of a school year for a range of grades: the period scheme and the period-mark rule.
final class AssessmentPolicy: Model, @unchecked Sendable {
    static let schema = "assessment_policies"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "academic_year_id") var academicYear: AcademicYear
    @Field(key: "grade_from") var gradeFrom: Int
    @Field(key: "grade_to") var gradeTo: Int
    /// Grade 1 takes no marks and no symbols in place of marks (СП 2.4.3648-20 п. 3.4.16).
    @Field(key: "marks_allowed") var marksAllowed: Bool
    @Field(key: "period_kind") var periodKind: PeriodKind
    @Field(key: "rule") var rule: PeriodMarkRuleKind
    @Field(key: "threshold_5") var threshold5: Double
    @Field(key: "threshold_4") var threshold4: Double
    @Field(key: "threshold_3") var threshold3: Double
    @Field(key: "min_marks") var minMarks: Int
    @OptionalParent(key: "default_scale_id") var defaultScale: MarkScale?
    init() {}
    init(schoolID: UUID, academicYearID: UUID, gradeFrom: Int, gradeTo: Int, marksAllowed: Bool, periodKind: PeriodKind,
         threshold5: Double, threshold4: Double, threshold3: Double, minMarks: Int, defaultScaleID: UUID?) {
        self.schoolID = schoolID; self.$academicYear.id = academicYearID; self.gradeFrom = gradeFrom; self.gradeTo = gradeTo
        self.marksAllowed = marksAllowed; self.periodKind = periodKind; self.rule = .weightedMean
        self.threshold5 = threshold5; self.threshold4 = threshold4; self.threshold3 = threshold3
        self.minMarks = minMarks; self.$defaultScale.id = defaultScaleID
    }
}
