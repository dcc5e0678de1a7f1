@testable import App
import Domain
import Fluent
import Foundation
import Vapor

/// A second school on the same deployment: its rows must never reach the demo school's users.
enum OtherSchool {
    struct Fixture: Sendable {
        let schoolID: UUID
        let classID: UUID
        let pupilID: UUID
        let userID: UUID
        let assignmentID: UUID
        let curriculumItemID: UUID
        let lessonID: UUID
        let groupID: UUID
        let scaleID: UUID
        let policyID: UUID
        let workTypeID: UUID
        let periodID: UUID
    }

    static func create(on db: any Database, passwordHash: String) async throws -> Fixture {
        let school = School(id: UUID(), name: "МБОУ «Школа № 2»", shortName: "МБОУ СШ №2")
        try await school.create(on: db)
        let sid = school.id!
        let year = AcademicYear(id: UUID(), schoolID: sid, title: "2026/2027", startsOn: LocalDate("2026-09-01")!, endsOn: LocalDate("2027-05-26")!)
        try await year.create(on: db)
        let admin = User(id: UUID(), schoolID: sid, login: "other.admin", passwordHash: passwordHash,
                         name: PersonName(lastName: "Чужой", firstName: "Админ", middleName: "Иванович"))
        try await admin.create(on: db)
        let c = ClassGroup(id: UUID(), schoolID: sid, academicYearID: year.id!, grade: 2, letter: "А", classTeacherID: admin.id)
        try await c.create(on: db)
        let p = Pupil(id: UUID(), schoolID: sid, name: PersonName(lastName: "Чужая", firstName: "Ученица", middleName: "Петровна"),
                      sex: .female, birthDate: LocalDate("2018-05-05")!)
        try await p.create(on: db)
        try await Enrolment(schoolID: sid, pupilID: p.id!, classGroupID: c.id!, startsOn: year.startsOn).create(on: db)
        let a = RoleAssignment(schoolID: sid, userID: admin.id!, role: .admin, scope: .school)
        try await a.create(on: db)
        let scale = MarkScale(id: UUID(), schoolID: sid, code: "five_point", title: "5", kind: .numeric, allowedValues: ["5", "4", "3", "2"], inAverage: true)
        try await scale.create(on: db)
        let subject = Subject(id: UUID(), schoolID: sid, code: "math", name: "Математика", shortName: "Мат.", sort: 1)
        try await subject.create(on: db)
        let item = CurriculumItem(id: UUID(), schoolID: sid, classGroupID: c.id!, subjectID: subject.id!, teacherID: admin.id,
                                  markScaleID: scale.id!, hoursPerWeek: 4)
        try await item.create(on: db)
        let period = Period(id: UUID(), schoolID: sid, academicYearID: year.id!, kind: .quarter, number: 1, title: "1 четверть",
                            startsOn: LocalDate("2026-09-01")!, endsOn: LocalDate("2026-12-28")!, gradeFrom: 1, gradeTo: 4)
        try await period.create(on: db)
        let policy = AssessmentPolicy(schoolID: sid, academicYearID: year.id!, gradeFrom: 2, gradeTo: 4, marksAllowed: true, periodKind: .quarter,
                                      threshold5: 4.65, threshold4: 3.65, threshold3: 2.65, minMarks: 3, defaultScaleID: scale.id)
        try await policy.create(on: db)
        let workType = WorkType(id: UUID(), schoolID: sid, code: "answer", title: "Ответ", weight: 1, sort: 0)
        try await workType.create(on: db)
        let lesson = Lesson(id: UUID(), schoolID: sid, journalKind: .classJournal, curriculumItemID: item.id, date: LocalDate("2026-10-05")!, topic: "Чужой урок")
        try await lesson.create(on: db)
        let program = Program(id: UUID(), schoolID: sid, kind: .additionalGeneralDeveloping, title: "Чужая программа")
        try await program.create(on: db)
        let group = ProgramGroup(id: UUID(), schoolID: sid, programID: program.id!, academicYearID: year.id!, kind: .club, title: "Чужой кружок", teacherID: admin.id)
        try await group.create(on: db)
        return Fixture(schoolID: sid, classID: c.id!, pupilID: p.id!, userID: admin.id!, assignmentID: a.id!,
                       curriculumItemID: item.id!, lessonID: lesson.id!, groupID: group.id!, scaleID: scale.id!,
                       policyID: policy.id!, workTypeID: workType.id!, periodID: period.id!)
    }
}
