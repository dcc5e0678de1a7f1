import Foundation

/// What the policy needs to know of a journal (4.4–4.6): a class's subject, a pupil's individual journal
/// (home schooling) or a programme group's (extracurricular course, club, section).
public struct JournalFacts: Sendable {
    public var schoolID: UUID
    public var classGroup: (id: UUID, grade: Int)?
    public var subjectID: UUID?
    public var programGroupID: UUID?
    /// The single pupil of an individual journal.
    public var pupilID: UUID?

    public init(schoolID: UUID, classGroup: (id: UUID, grade: Int)?, subjectID: UUID?, programGroupID: UUID?, pupilID: UUID?) {
        self.schoolID = schoolID
        self.classGroup = classGroup
        self.subjectID = subjectID
        self.programGroupID = programGroupID
        self.pupilID = pupilID
    }
}
