import Domain
import Fluent
import SQLKit
import Foundation

/// Just enough of a journal for the period-mark rule lookup.
enum JournalContextLite {
    /// A home-schooled pupil's individual journal of `item` (the same subject, scale and period marks as the class's).
    static func individual(item: CurriculumItem, pupilID: UUID) -> JournalContext {
        make(item: item, ref: .individual(itemID: item.id!, pupilID: pupilID), kind: .individual, pupilID: pupilID)
    }

    static func make(item: CurriculumItem, title: String = "", ref: JournalRef? = nil, kind: JournalKind = .classJournal,
                     pupilID: UUID? = nil) -> JournalContext {
        JournalContext(ref: ref ?? .classSubject(itemID: item.id!), schoolID: item.schoolID, kind: kind, title: title,
                       classGroupID: item.$classGroup.id, grade: item.classGroup.grade, subjectID: item.$subject.id, groupID: nil,
                       curriculumItemID: item.id, scale: ScaleRule(kind: item.markScale.kind, allowed: item.markScale.allowedValues,
                                                                   inAverage: item.markScale.inAverage),
                       scaleID: item.markScale.id, marksAllowed: item.classGroup.grade > 1, teacherID: item.$teacher.id,
                       academicYearID: item.classGroup.$academicYear.id, pupilID: pupilID)
    }
}
