import Domain
import Fluent
import SQLKit
import Foundation

/// Just enough of a journal for the period-mark rule lookup.
enum JournalContextLite {
    static func make(item: CurriculumItem, title: String = "") -> JournalContext {
        JournalContext(ref: .classSubject(itemID: item.id!), schoolID: item.schoolID, kind: .classJournal, title: title,
                       classGroupID: item.$classGroup.id, grade: item.classGroup.grade, subjectID: item.$subject.id, groupID: nil,
                       curriculumItemID: item.id, scale: ScaleRule(kind: item.markScale.kind, allowed: item.markScale.allowedValues,
                                                                   inAverage: item.markScale.inAverage),
                       scaleID: item.markScale.id, marksAllowed: item.classGroup.grade > 1, teacherID: item.$teacher.id,
                       academicYearID: item.classGroup.$academicYear.id, pupilID: nil)
    }
}
