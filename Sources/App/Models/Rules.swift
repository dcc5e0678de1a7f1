import Domain
import Fluent
import Foundation

/// A mark scale as data: «5/4/3/2», «зачёт/незачёт», verbal only (1.2: the regulation may change).
final class MarkScale: Model, @unchecked Sendable {
    static let schema = "mark_scales"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "code") var code: String
    @Field(key: "title") var title: String
    @Field(key: "kind") var kind: MarkScaleKind
    /// Allowed values, best first: ["5","4","3","2"], ["зачёт","незачёт"], [] for verbal.
    @Field(key: "allowed_values") var allowedValues: [String]
    @Field(key: "in_average") var inAverage: Bool
    init() {}
    init(id: UUID? = nil, schoolID: UUID, code: String, title: String, kind: MarkScaleKind, allowedValues: [String], inAverage: Bool) {
        self.id = id; self.schoolID = schoolID; self.code = code; self.title = title; self.kind = kind
        self.allowedValues = allowedValues; self.inAverage = inAverage
    }
}

/// A kind of work with its weight: ответ на уроке, самостоятельная, контрольная, диктант, проект…
final class WorkType: Model, @unchecked Sendable {
    static let schema = "work_types"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "code") var code: String
    @Field(key: "title") var title: String
    @Field(key: "weight") var weight: Double
    @Field(key: "sort") var sort: Int
    init() {}
    init(id: UUID? = nil, schoolID: UUID, code: String, title: String, weight: Double, sort: Int) {
        self.id = id; self.schoolID = schoolID; self.code = code; self.title = title; self.weight = weight; self.sort = sort
    }
}

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

/// One entry of a list the school edits: achievement sections/kinds/levels/results, award kinds and grounds,
/// consent purposes, participation kinds, portfolio sections.
final class VocabularyEntry: Model, @unchecked Sendable {
    static let schema = "vocabulary_entries"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "vocabulary") var vocabulary: VocabularyKind
    @Field(key: "code") var code: String
    @Field(key: "title_ru") var titleRu: String
    @Field(key: "title_en") var titleEn: String
    @Field(key: "sort") var sort: Int
    @Field(key: "active") var active: Bool
    init() {}
    init(schoolID: UUID, vocabulary: VocabularyKind, code: String, titleRu: String, titleEn: String, sort: Int) {
        self.schoolID = schoolID; self.vocabulary = vocabulary; self.code = code; self.titleRu = titleRu
        self.titleEn = titleEn; self.sort = sort; self.active = true
    }
}

/// The annual list of olympiads and contests of Government Decree № 1239 (17.11.2015), per school year.
final class OlympiadListEntry: Model, @unchecked Sendable {
    static let schema = "olympiad_list_entries"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "academic_year_id") var academicYear: AcademicYear
    @Field(key: "number") var number: String
    @Field(key: "title") var title: String
    @OptionalField(key: "profile") var profile: String?
    @OptionalField(key: "level") var level: String?
    init() {}
}

/// How long a kind of record is kept, from the school's номенклатура дел (editable, not law).
final class RetentionRule: Model, @unchecked Sendable {
    static let schema = "retention_rules"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "record_kind") var recordKind: String
    @Field(key: "years") var years: Int
    @Field(key: "starts_at") var startsAt: RetentionStart
    @Field(key: "action") var action: RetentionAction
    @Field(key: "basis") var basis: String
    init() {}
    init(schoolID: UUID, recordKind: String, years: Int, startsAt: RetentionStart, action: RetentionAction, basis: String) {
        self.schoolID = schoolID; self.recordKind = recordKind; self.years = years; self.startsAt = startsAt
        self.action = action; self.basis = basis
    }
}
