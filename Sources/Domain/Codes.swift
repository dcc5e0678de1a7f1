/// Closed sets of codes the data model stores as strings (portable between SQLite and PostgreSQL).
/// Open lists the school edits (achievement sections, award kinds, consent purposes…) are data:
/// see `VocabularyKind`.

public enum AcademicYearStatus: String, Codable, Sendable, CaseIterable {
    case open, closed, archived
}

public enum PeriodKind: String, Codable, Sendable, CaseIterable {
    case quarter, trimester
    case halfYear = "half_year"
    case year
}

public enum PupilStatus: String, Codable, Sendable, CaseIterable {
    case active, left, graduated
}

public enum GuardianRelation: String, Codable, Sendable, CaseIterable {
    case mother, father, guardian, other
}

public enum ProgramKind: String, Codable, Sendable, CaseIterable {
    /// Начальное общее образование.
    case primaryGeneral = "primary_general"
    /// Внеурочная деятельность.
    case extracurricular
    /// Дополнительная общеразвивающая программа.
    case additionalGeneralDeveloping = "additional_general_developing"
    /// Дополнительная предпрофессиональная программа.
    case preProfessional = "pre_professional"
}

public enum ProgramGroupKind: String, Codable, Sendable, CaseIterable {
    /// Курс внеурочной деятельности.
    case course
    /// Кружок.
    case club
    /// Спортивная секция.
    case section
}

/// The four journals of regulation 4.4–4.6.
public enum JournalKind: String, Codable, Sendable, CaseIterable {
    case classJournal = "class"
    case individual
    case extracurricular
    case club
}

/// «н» in a journal is attendance, never a mark.
public enum AttendanceStatus: String, Codable, Sendable, CaseIterable {
    case present, absent, ill, late, excused
}

public enum MarkScaleKind: String, Codable, Sendable, CaseIterable {
    /// «5/4/3/2».
    case numeric
    /// «зачёт/незачёт»: never enters a mean.
    case passFail = "pass_fail"
    /// Verbal assessment only (grade 1).
    case verbal
}

public enum MarkEventAction: String, Codable, Sendable, CaseIterable {
    case set, delete
}

/// 4.1: internal and external assessment are kept apart.
public enum AssessmentSource: String, Codable, Sendable, CaseIterable {
    case `internal`
    case external
}

public enum PeriodMarkStatus: String, Codable, Sendable, CaseIterable {
    case proposed, posted, locked
}

public enum PeriodMarkRuleKind: String, Codable, Sendable, CaseIterable {
    case weightedMean = "weighted_mean"
}

/// 3.2.4: УУД groups (with the regulation's personal group).
public enum IndicatorGroup: String, Codable, Sendable, CaseIterable {
    case personal, regulative, cognitive, communicative
}

public enum IndicatorLevelValue: String, Codable, Sendable, CaseIterable {
    case low
    case belowBasic = "below_basic"
    case basic
    case advanced
    case high
}

public enum AchievementOrigin: String, Codable, Sendable, CaseIterable {
    case `internal`
    /// From another organisation: recorded only at the family's will (5.1).
    case external
}

/// 5.2: who vouches for a record. A class teacher's own entry is «подтверждено классным руководителем»;
/// the deputy head's verification or rejection (with a reason) closes the control.
public enum AchievementStatus: String, Codable, Sendable, CaseIterable {
    case draft, submitted
    case confirmed
    case verified, rejected

    /// Waiting for the deputy head's control.
    public var isPending: Bool { self == .submitted || self == .confirmed }
    /// Trustworthy enough for the gifted list and a shared portfolio.
    public var counts: Bool { self == .verified || self == .confirmed }
}

/// Open lists the school edits (1.2): each entry is a row of `vocabulary_entries`.
public enum VocabularyKind: String, Codable, Sendable, CaseIterable {
    case achievementSection = "achievement_section"
    case achievementKind = "achievement_kind"
    case achievementLevel = "achievement_level"
    case achievementResult = "achievement_result"
    case awardKind = "award_kind"
    case awardGround = "award_ground"
    case consentPurpose = "consent_purpose"
    case participationKind = "participation_kind"
    case portfolioSection = "portfolio_section"
}

public enum RequestChannel: String, Codable, Sendable, CaseIterable {
    case oral, written, electronic
}

public enum RequestStatus: String, Codable, Sendable, CaseIterable {
    case open, extended, answered
}

public enum DocumentKind: String, Codable, Sendable, CaseIterable {
    case spravka
    case portfolio
    case journalExtract = "journal_extract"
    case destructionAct = "destruction_act"
    case other
}

public enum RetentionAction: String, Codable, Sendable, CaseIterable {
    case destroy, depersonalise
}

public enum RetentionStart: String, Codable, Sendable, CaseIterable {
    case yearEnd = "year_end"
    case pupilLeft = "pupil_left"
    case purposeEnd = "purpose_end"
}

public enum NoteKind: String, Codable, Sendable, CaseIterable {
    case problem, action, observation
}
