import Domain
import Fluent
import SQLKit
import Foundation
import Vapor

/// A journal with everything its rules need: who is in it, which scale, which periods.
struct JournalContext: Sendable {
    let ref: JournalRef
    let schoolID: UUID
    let kind: JournalKind
    let title: String
    let classGroupID: UUID?
    let grade: Int?
    let subjectID: UUID?
    let groupID: UUID?
    let curriculumItemID: UUID?
    let scale: ScaleRule
    let scaleID: UUID?
    let marksAllowed: Bool
    let teacherID: UUID?
    let academicYearID: UUID
    /// The single pupil of an individual journal.
    let pupilID: UUID?

    /// The journal as the access policy's target.
    var target: Target {
        .journal(JournalFacts(schoolID: schoolID, classGroup: classGroupID.map { (id: $0, grade: grade ?? 0) }, subjectID: subjectID,
                              programGroupID: groupID, pupilID: pupilID))
    }
}
